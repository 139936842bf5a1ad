# syntax=docker/dockerfile:1
# Build: docker build -t tapdesk .
# Stage 1 builds the jar with Maven (tests run in CI, not here); stage 2 runs it on a JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package && cp target/tapdesk-*.jar /src/app.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system tapdesk && useradd --system --gid tapdesk --home-dir /app --shell /usr/sbin/nologin tapdesk \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/app.jar /app/tapdesk.jar
USER tapdesk
# 8080: the app; 8081: the management port (health and metrics, no sign-in)
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8081/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/tapdesk.jar"]
