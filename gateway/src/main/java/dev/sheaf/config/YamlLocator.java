package dev.sheaf.config;

import java.io.StringReader;
import java.util.List;
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
  private final List<String> lines;

  public YamlLocator(String text) {
    this.lines = text.lines().toList();
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

  /**
   * The line where {@code text} (e.g. a placeholder) is first written within the value of a key
   * path, for a problem with one part of a value that spans several lines.
   *
   * @return that line, or the key path's own line when the text is not found there
   */
  public int lineOfText(String text, String... keys) {
    int from = lineOf(keys);
    Node node = nodeAt(keys);
    int to = node == null ? from : node.getEndMark().getLine() + 1;
    for (int line = Math.max(from, 1); line <= Math.min(to, lines.size()); line++) {
      if (lines.get(line - 1).contains(text)) {
        return line;
      }
    }
    return from;
  }

  private Node nodeAt(String... keys) {
    Node node = root;
    for (String key : keys) {
      if (!(node instanceof MappingNode mapping)) {
        return null;
      }
      node = mapping.getValue().stream()
          .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
          .map(NodeTuple::getValueNode).findFirst().orElse(null);
    }
    return node;
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
