package dev.sheaf.config;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Finds the line of a key path in a YAML text, so validation errors can point at it. */
public final class YamlLocator {

  private final Node root;

  public YamlLocator(String text) {
    Node composed;
    try {
      composed = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (RuntimeException e) {
      composed = null; // the structural reader reports syntax errors with their own line
    }
    this.root = composed;
  }

  /**
   * @param keys the keys of the path; in a list, the index of an item ("0", "1", …)
   * @return the 1-based line of the last key of the path, or of its deepest existing ancestor; 0 if none
   */
  public int lineOf(String... keys) {
    Node node = root;
    int line = 0;
    for (String key : keys) {
      if (node instanceof SequenceNode sequence) {
        Node item = item(sequence, key);
        if (item == null) {
          return line;
        }
        line = item.getStartMark().getLine() + 1;
        node = item;
        continue;
      }
      if (!(node instanceof MappingNode mapping)) {
        return line;
      }
      Node next = null;
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          line = k.getStartMark().getLine() + 1;
          next = tuple.getValueNode();
          break;
        }
      }
      if (next == null) {
        return line;
      }
      node = next;
    }
    return line;
  }

  private static Node item(SequenceNode sequence, String index) {
    try {
      int i = Integer.parseInt(index);
      return i >= 0 && i < sequence.getValue().size() ? sequence.getValue().get(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
