# Build: the same Maven command as the README, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src src
COPY tracker-snippet/dist tracker-snippet/dist
COPY templates templates
RUN mvn -B -ntp -DskipTests package

# Run: a JRE, an unprivileged user, data on a volume.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /data outpost \
    && mkdir -p /data && chown outpost /data
COPY --from=build /src/target/outpost.jar /app/outpost.jar
USER outpost
ENV OUTPOST_DATA_DIR=/data OUTPOST_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["java", "-jar", "/app/outpost.jar", "health"]
# exec form: the JVM is PID 1 and gets SIGTERM, so the queue drains before exit.
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-jar", "/app/outpost.jar"]
