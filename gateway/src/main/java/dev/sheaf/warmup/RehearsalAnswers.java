package dev.sheaf.warmup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.binding.Bindings;
import dev.sheaf.binding.EntityBinding;
import dev.sheaf.binding.FieldBinding;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the warm-up's backends answer, by route as bound (e.g. {@code GET /users/{args.id}}): made from
 * the schema and the bindings, so each field's selector finds a value of the field's type, a
 * {@code keysOf} list finds keys, and an entity batch answers objects under the key those keys have.
 * Fields a parent object carries (unbound, or {@code from:}) are in it; fields with calls of their own
 * are left to those calls. Stored as JSON, so each answer is parsed afresh as a real one is. The loopback
 * server finds a call's answer by its method and path, as a backend would: nothing marks the warm-up's calls.
 */
final class RehearsalAnswers {

  /** How deeply made-up objects nest: schemas are often recursive, answers need not be. */
  private static final int MAX_DEPTH = 4;
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  /** A placeholder in a path template, such as {@code {args.id}}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

  private final GraphQLSchema schema;
  private final Bindings bindings;
  private final Map<String, byte[]> byRoute;
  /** The REST routes as request matchers, the most literal first. */
  private final List<RouteMatcher> matchers;
  /** The answer found for each method and path asked so far: the warm-up asks the same few again and again. */
  private final Map<String, byte[]> byRequest = new ConcurrentHashMap<>();

  /** A route's method and path template as a pattern (placeholders match one segment or part of one). */
  private record RouteMatcher(String method, Pattern path, int literals, byte[] answer) {

    static RouteMatcher of(String route, byte[] answer) {
      int space = route.indexOf(' ');
      String template = route.substring(space + 1);
      int query = template.indexOf('?');
      template = query < 0 ? template : template.substring(0, query);
      StringBuilder regex = new StringBuilder();
      int literals = 0;
      Matcher placeholder = PLACEHOLDER.matcher(template);
      int at = 0;
      while (placeholder.find()) {
        regex.append(Pattern.quote(template.substring(at, placeholder.start()))).append("[^/]*");
        literals += placeholder.start() - at;
        at = placeholder.end();
      }
      regex.append(Pattern.quote(template.substring(at)));
      literals += template.length() - at;
      return new RouteMatcher(route.substring(0, space), Pattern.compile(regex.toString()), literals, answer);
    }
  }

  RehearsalAnswers(GraphQLSchema schema, Bindings bindings, ObjectMapper json) {
    this.schema = schema;
    this.bindings = bindings;
    Map<String, Object> answers = new LinkedHashMap<>();
    bindings.fields().values().forEach(binding -> {
      if (binding instanceof FieldBinding.Call call) {
        GraphQLFieldDefinition field = schema.getFieldDefinition(call.coordinates());
        if (field != null) {
          Object value = call.keysOf() != null ? List.of(SampleValues.KEY) : value(field.getType(), 1, field.getName());
          merge(answers, call.call().route(), nest(call.call().selector().path(), value));
        }
      }
    });
    bindings.entities().values().forEach(entity -> merge(answers, entity.call().route(),
        nest(entity.call().selector().path(), List.of(entityObject(entity)))));
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    answers.forEach((route, answer) -> bytes.put(route, encode(json, answer)));
    this.byRoute = Map.copyOf(bytes);
    // REST routes ("GET /users/{args.id}"); a gRPC route is its method's name, and its answers are SampleMessages'.
    this.matchers = bytes.entrySet().stream().filter(e -> e.getKey().contains(" /"))
        .map(e -> RouteMatcher.of(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingInt(RouteMatcher::literals).reversed()).toList();
  }

  /** The answer to a call of this route; an empty object for a route no binding declares (a Java resolver's). */
  byte[] forRoute(String route) {
    return byRoute.getOrDefault(route, EMPTY_OBJECT);
  }

  /**
   * The answer to a request the warm-up's REST client sent: the route whose method and path template it
   * matches (the most literal one when several do), an empty object when none does (a Java resolver's call).
   */
  byte[] forRequest(String method, String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    return byRequest.computeIfAbsent(method + " " + path, request -> matchers.stream()
        .filter(m -> m.method().equals(method) && m.path().matcher(path).matches())
        .map(RouteMatcher::answer).findFirst().orElse(EMPTY_OBJECT));
  }

  int routes() {
    return byRoute.size();
  }

  private Map<String, Object> entityObject(EntityBinding entity) {
    Map<String, Object> object = schema.getType(entity.type()) instanceof GraphQLObjectType type
        ? objectOf(type, 1) : new LinkedHashMap<>();
    object.put(entity.keyField(), SampleValues.KEY);
    return object;
  }

  private Object value(GraphQLType type, int depth, String fieldName) {
    if (type instanceof GraphQLNonNull nonNull) {
      return value(nonNull.getWrappedType(), depth, fieldName);
    }
    if (type instanceof GraphQLList list) {
      // Two items, as real lists mostly have more than one: a loop's first and later rounds both run.
      Object item = value(list.getWrappedType(), depth, fieldName);
      return item == null ? List.of() : List.of(item, item);
    }
    if (type instanceof GraphQLObjectType object) {
      return depth > MAX_DEPTH ? null : objectOf(object, depth);
    }
    // Interfaces and unions need a type the gateway can tell from the value: left null.
    return SampleValues.answer(type, fieldName);
  }

  /** The object's fields that its parent answer carries; those with calls of their own are left out. */
  private Map<String, Object> objectOf(GraphQLFieldsContainer type, int depth) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
      FieldBinding binding = bindings.fields().get(FieldCoordinates.coordinates(type.getName(), field.getName()));
      if (binding == null) {
        putIfAbsent(object, List.of(field.getName()), value(field.getType(), depth + 1, field.getName()));
      } else if (binding instanceof FieldBinding.FromSource from) {
        putIfAbsent(object, from.from().path(), value(field.getType(), depth + 1, field.getName()));
      }
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private static void putIfAbsent(Map<String, Object> object, List<String> path, Object value) {
    if (path.isEmpty() || value == null) {
      return;
    }
    Map<String, Object> at = object;
    for (int i = 0; i < path.size() - 1; i++) {
      Object next = at.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
      if (!(next instanceof Map)) {
        return;
      }
      at = (Map<String, Object>) next;
    }
    at.putIfAbsent(path.get(path.size() - 1), value);
  }

  private static Object nest(List<String> path, Object value) {
    Object nested = value;
    for (int i = path.size() - 1; i >= 0; i--) {
      Map<String, Object> level = new LinkedHashMap<>();
      level.put(path.get(i), nested);
      nested = level;
    }
    return nested;
  }

  /** Two fields bound to the same route with other selectors: one answer that has both. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> answers, String route, Object answer) {
    Object before = answers.get(route);
    if (before instanceof Map && answer instanceof Map) {
      Map<String, Object> into = (Map<String, Object>) before;
      ((Map<String, Object>) answer).forEach((key, value) -> {
        if (into.containsKey(key)) {
          Map<String, Object> sub = new LinkedHashMap<>();
          sub.put(key, into.get(key));
          merge(sub, key, value);
          into.put(key, sub.get(key));
        } else {
          into.put(key, value);
        }
      });
    } else if (before == null) {
      answers.put(route, answer);
    }
  }

  private static byte[] encode(ObjectMapper json, Object answer) {
    try {
      return json.writeValueAsBytes(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a warm-up answer", e);
    }
  }
}
