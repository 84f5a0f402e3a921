package dev.sheaf.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  private static HttpCall call(String path, Map<String, String> query) {
    Map<String, StringTemplate> compiled = new LinkedHashMap<>();
    query.forEach((k, v) -> compiled.put(k, StringTemplate.compile(v)));
    return new HttpCall("GET", StringTemplate.compile(path), compiled, null, Selector.WHOLE);
  }

  @Test
  void pathValuesAreEncodedAsOneSegment() {
    HttpCall c = call("/users/{args.id}/orders", Map.of());

    String uri = c.renderUri(new TemplateScope(Map.of("id", "a/b c?"), null, Map.of(), Map.of(), null));

    assertThat(uri).isEqualTo("/users/a%2Fb%20c%3F/orders");
  }

  private static TemplateScope args(Map<String, Object> args) {
    return new TemplateScope(args, null, Map.of(), Map.of(), null);
  }

  @Test
  void pathValueMayNotMakeADotOrEmptySegment() {
    HttpCall c = call("/users/{args.id}/orders", Map.of());

    for (String id : List.of("..", ".", "")) {
      assertThatThrownBy(() -> c.renderUri(args(Map.of("id", id)))).as(id).isInstanceOf(UnsafeValueException.class);
    }
    assertThat(c.renderUri(args(Map.of("id", "..x")))).isEqualTo("/users/..x/orders");
  }

  @Test
  void dotsAndEmptyValuesAreFineWhereTheyCannotMoveThePath() {
    HttpCall c = call("/files/{args.name}.json", Map.of("q", "{args.q}"));
    HttpCall literalSlash = call("/items/", Map.of());

    assertThat(c.renderUri(args(Map.of("name", "", "q", "..")))).isEqualTo("/files/.json?q=..");
    assertThat(literalSlash.renderUri(args(Map.of()))).isEqualTo("/items/");
  }

  @Test
  void objectsAndControlCharactersNeverBecomeText() {
    HttpCall c = call("/users/{args.id}", Map.of("tag", "{args.tag}"));

    assertThatThrownBy(() -> c.renderUri(args(Map.of("id", Map.of("$gt", "")))))
        .isInstanceOf(UnsafeValueException.class).hasMessageContaining("an object");
    assertThatThrownBy(() -> c.renderUri(args(Map.of("id", "42\r\nHost: x"))))
        .isInstanceOf(UnsafeValueException.class).hasMessageContaining("control character");
    assertThatThrownBy(() -> c.renderUri(args(Map.of("id", "1", "tag", List.of(List.of("a"))))))
        .isInstanceOf(UnsafeValueException.class).hasMessageContaining("a list of lists");
  }

  @Test
  void missingQueryValuesAreLeftOutAndListsAreCommaSeparated() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", "{args.limit}");
    query.put("ids", "{keys}");
    HttpCall c = call("/products", query);

    String uri = c.renderUri(new TemplateScope(Map.of(), null, Map.of(), Map.of(), List.of("p1", "p 2")));

    assertThat(uri).isEqualTo("/products?ids=p1,p+2");
  }

  @Test
  void missingPathValueRendersNothing() {
    HttpCall c = call("/users/{source.id}", Map.of());

    assertThat(c.renderUri(new TemplateScope(Map.of(), Map.of("name", "x"), Map.of(), Map.of(), null))).isNull();
  }

  @Test
  void bodyKeepsJsonTypesOfSolePlaceholders() {
    BodyTemplate body = BodyTemplate.compile(Map.of(
        "ids", "{args.ids}", "label", "order for {args.user}", "limit", "{args.limit}", "fixed", true));

    Object rendered = body.render(new TemplateScope(Map.of("ids", List.of("p1", "p2"), "user", "7", "limit", 3),
        null, Map.of(), Map.of(), null));

    assertThat(rendered).isEqualTo(Map.of("ids", List.of("p1", "p2"), "label", "order for 7", "limit", 3, "fixed", true));
  }

  @Test
  void headersAreLookedUpCaseInsensitively() {
    StringTemplate t = StringTemplate.compile("{headers.X-Tenant}");

    assertThat(t.render(new TemplateScope(Map.of(), null, Map.of("x-tenant", "acme"), Map.of(), null), s -> s)).isEqualTo("acme");
  }

  @Test
  void malformedTemplatesAreRefusedWithAReason() {
    assertThatThrownBy(() -> StringTemplate.compile("/users/{args.id")).hasMessageContaining("without its closing");
    assertThatThrownBy(() -> StringTemplate.compile("/users/{arg.id}")).hasMessageContaining("must start with args.");
    assertThatThrownBy(() -> StringTemplate.compile("/users/{args.}")).hasMessageContaining("empty name");
  }

  @Test
  void selectorWalksObjectsAndRefusesOtherShapes() {
    Selector s = Selector.compile("data.orders");

    assertThat(s.select(Map.of("data", Map.of("orders", List.of(1))))).isEqualTo(List.of(1));
    assertThat(s.select(Map.of("other", 1))).isNull();
    assertThatThrownBy(() -> s.select(List.of(1))).isInstanceOf(Selector.WrongShapeException.class);
  }
}
