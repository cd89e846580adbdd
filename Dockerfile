# The operator image: the shaded jar on a JRE, running as a non-root user (65532).
#
#   docker build -t mathesar-operator .                      # the release (.github/workflows/release.yml)
#
# The base images are build arguments, so that a machine without Docker Hub builds the same image on
# its own bases; .ci/images.sh does that with a Debian JRE and the jar Maven already built:
#   DOCKER_BUILDKIT=1 docker build --build-arg RUNTIME_IMAGE=<a JRE 17 image> --build-arg JAR_FROM=prebuilt \
#     -f Dockerfile <a folder holding operator/target/mathesar-operator.jar>
# (No `# syntax=` line: BuildKit's built-in Dockerfile frontend is enough, and offline it cannot fetch one.)
#
# The build stage runs on the build machine's own platform (--platform=$BUILDPLATFORM): the jar is
# the same for every architecture, so a multi-arch build compiles it once, natively.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
# `build` compiles the jar in the image; `prebuilt` takes operator/target/mathesar-operator.jar from the
# build context. BuildKit builds only the stage chosen here.
ARG JAR_FROM=build

FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS build
WORKDIR /src
# ~/.m2 is a cache mount: Maven (through the wrapper) and the dependencies are downloaded once per
# builder, not on every source change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY operator/pom.xml operator/pom.xml
COPY operator/src operator/src
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests package

FROM scratch AS prebuilt
COPY operator/target/mathesar-operator.jar /src/operator/target/mathesar-operator.jar

FROM ${JAR_FROM} AS jar

FROM ${RUNTIME_IMAGE}
# A named user so that the JVM has a home; the chart runs the pod with runAsUser 65532 as well.
RUN groupadd --system --gid 65532 nonroot \
 && useradd --system --uid 65532 --gid 65532 --home-dir /home/nonroot --create-home \
      --shell /usr/sbin/nologin nonroot
WORKDIR /app
COPY --from=jar /src/operator/target/mathesar-operator.jar /app/mathesar-operator.jar
USER 65532:65532
# /metrics, /healthz and /readyz (HTTP_PORT).
EXPOSE 8080
# The heap is half the container's memory limit: the JVM needs about 200 MiB besides (metaspace, code,
# threads), and with 75 % the operator reached 605 MiB RSS under a 512 MiB limit at 1000 instances
# (442 MiB now).
# The serial collector, as the JVM itself picks it for a small container, keeps that down
# (docs/benchmarks.md).
# Only the C1 compiler: an operator is idle most of the time and busy in short bursts, often just after
# it starts, and C2's compilations then took about a third of a core away from the work (and the API
# server) on 2 cores, and memory besides (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-XX:TieredStopAtLevel=1", "-jar", "/app/mathesar-operator.jar"]
