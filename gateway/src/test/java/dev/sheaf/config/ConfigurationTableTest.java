package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's Configuration table is the list of settings the loader knows, row for row. */
class ConfigurationTableTest {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** key | flag | environment, as the README writes them; "—" is null. */
  record Row(String key, String flag, String env) {
  }

  static List<Row> readmeRows() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int section = lines.indexOf("## Configuration");
    assertThat(section).as("README.md has a Configuration section").isNotNegative();
    int header = section;
    while (!lines.get(header).startsWith("| file key | flag | environment |")) {
      header++;
    }
    List<Row> rows = new ArrayList<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      rows.add(new Row(cell(cells[1]), flag(cell(cells[2])), cell(cells[3])));
    }
    return rows;
  }

  private static String cell(String text) {
    if (text.trim().equals("—")) {
      return null;
    }
    Matcher m = CODE.matcher(text);
    assertThat(m.find()).as("a cell names its key, flag or variable in `code`: " + text).isTrue();
    return m.group(1);
  }

  private static String flag(String written) {
    return written == null ? null : written.replaceFirst("=$", "");
  }

  @Test
  void theReadmeTableListsExactlyTheSettingsTheLoaderKnows() throws IOException {
    List<Row> inCode = GatewayConfigLoader.SETTINGS.stream()
        .map(s -> new Row(s.key(), s.flag(), s.env())).toList();

    assertThat(readmeRows()).containsExactlyElementsOf(inCode);
  }
}
