# The stock gateway image: the release jar alone on JDK 25, an AOT cache made for this image's JDK and
# JVM flags (the README's recommended production set-up), and a configuration directory mounted at
# /config (schema/ and resolvers/, as in this repository; the sample shop's is copied in as the default).
#
#   docker build -t sheaf .
#   docker run -p 4000:4000 -v "$PWD/my-config:/config:ro" sheaf
#
# Stage 1 builds with the project's own build; stage 2 runs as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dsheaf.cds.skip=true package

# The jar is built for Java 17 and runs on 25, whose AOT cache holds the training's method profiles too.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 sheaf && useradd --system --uid 10001 --gid sheaf --home /app sheaf
WORKDIR /app
COPY --from=build /src/gateway/target/sheaf.jar /app/sheaf.jar
COPY --from=build /src/schema /config/schema
COPY --from=build /src/resolvers /config/resolvers
# The flags the README recommends; the cache must be made with the same ones to be used.
ENV JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# A training start (the check with its warm-up) on the default configuration records the classes a
# start and the request path load, and the request path's method profiles; the sample's backends are not
# needed for it (the warm-up answers its own calls). Bounded: a training start that hangs fails the build.
RUN timeout 300 java $JAVA_OPTS -XX:AOTCacheOutput=/app/sheaf.aot -Xlog:aot=off \
      -jar /app/sheaf.jar --check --check-warmup --schema=/config/schema --resolvers=/config/resolvers \
 && chown -R sheaf:sheaf /config
USER 10001
EXPOSE 4000 9090
# Liveness, without curl in the image: bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/4000 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=/app/sheaf.aot -jar /app/sheaf.jar --schema=/config/schema --resolvers=/config/resolvers \"$@\"", "--"]
