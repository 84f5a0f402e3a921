package dev.sheaf.resolver;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A field error as clients see it: message, location, path and {@code extensions.code}. Written
 * out by hand so that only these keys appear (graphql-java would add its internal
 * classification).
 */
public record CodedError(String message, SourceLocation location, ResultPath path, Map<String, Object> extensions)
    implements GraphQLError {

  private enum Kind implements ErrorClassification { FIELD_ERROR }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public List<SourceLocation> getLocations() {
    return location == null ? null : List.of(location);
  }

  @Override
  public List<Object> getPath() {
    return path == null ? null : path.toList();
  }

  @Override
  public ErrorClassification getErrorType() {
    return Kind.FIELD_ERROR;
  }

  @Override
  public Map<String, Object> getExtensions() {
    return extensions;
  }

  @Override
  public Map<String, Object> toSpecification() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("message", message);
    if (location != null) {
      spec.put("locations", List.of(Map.of("line", location.getLine(), "column", location.getColumn())));
    }
    if (path != null) {
      spec.put("path", path.toList());
    }
    spec.put("extensions", extensions);
    return spec;
  }
}
