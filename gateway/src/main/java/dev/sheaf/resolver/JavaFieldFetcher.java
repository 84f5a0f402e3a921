package dev.sheaf.resolver;

import dev.sheaf.spi.FieldResolver;
import dev.sheaf.spi.ResolverEnvironment;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Runs a team's Java {@link FieldResolver} with the same calls, deadline and headers as bindings. */
final class JavaFieldFetcher implements DataFetcher<CompletableFuture<Object>> {

  private final FieldResolver resolver;

  JavaFieldFetcher(FieldResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment env) {
    CompletionStage<Object> stage = resolver.resolve(new Environment(env, RequestScope.of(env)));
    return stage.toCompletableFuture();
  }

  private record Environment(DataFetchingEnvironment env, RequestScope scope) implements ResolverEnvironment {

    @Override
    public Map<String, Object> arguments() {
      return env.getArguments();
    }

    @Override
    public Object source() {
      return env.getSource();
    }

    @Override
    public String header(String name) {
      return scope.clientHeaders().get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public long remainingMillis() {
      return scope.deadline().remainingMillis();
    }

    @Override
    public CompletionStage<Object> get(String backend, String uri) {
      return scope.fetch(backend, "GET", uri, null, RequestScope.levelOf(env), path()).toCompletionStage();
    }

    @Override
    public CompletionStage<Object> send(String backend, String method, String uri, Object jsonBody) {
      return scope.fetch(backend, method.toUpperCase(Locale.ROOT), uri, jsonBody, RequestScope.levelOf(env), path())
          .toCompletionStage();
    }

    @Override
    public CompletionStage<Object> loadEntity(String type, String key) {
      return scope.loadEntity(type, key, RequestScope.levelOf(env), path());
    }

    private Object path() {
      return env.getExecutionStepInfo().getPath();
    }
  }
}
