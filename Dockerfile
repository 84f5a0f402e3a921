# The stock gateway image: the release jar alone, a class-data archive made for this image's JDK and
# JVM flags, and a configuration directory mounted at /config (schema/ and resolvers/, as in this
# repository; the sample shop's is copied in as the default).
#
#   docker build -t sheaf .
#   docker run -p 4000:4000 -v "$PWD/my-config:/config:ro" sheaf
#
# Stage 1 builds with the project's own build; stage 2 runs as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dsheaf.cds.skip=true package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 sheaf && useradd --system --uid 10001 --gid sheaf --home /app sheaf
WORKDIR /app
COPY --from=build /src/gateway/target/sheaf.jar /app/sheaf.jar
COPY --from=build /src/schema /config/schema
COPY --from=build /src/resolvers /config/resolvers
# The flags the README recommends; the archive must be made with the same ones to be used.
ENV JAVA_OPTS="-Xms256m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# A training start (--check) on the default configuration records the classes a start and a first
# request load; the sample's backends are not needed for it.
RUN java $JAVA_OPTS -XX:ArchiveClassesAtExit=/app/sheaf.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar /app/sheaf.jar --check --schema=/config/schema --resolvers=/config/resolvers \
 && chown -R sheaf:sheaf /config
USER 10001
EXPOSE 4000 9090
# Liveness, without curl in the image: bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/4000 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:SharedArchiveFile=/app/sheaf.jsa -jar /app/sheaf.jar --schema=/config/schema --resolvers=/config/resolvers \"$@\"", "--"]
