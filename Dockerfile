# Builds the preflexor CLI on Debian 12 with Swift 6 (used by docker-compose.yml).
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libopenblas-dev libxml2-dev libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product preflexor

FROM swift:6.1-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libopenblas0 libxml2 postgresql-client python3 python3-pip unzip && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/preflexor /usr/local/bin/preflexor
COPY migrations /usr/local/share/preflexor/migrations
ENV PREFLEXOR_MIGRATIONS=/usr/local/share/preflexor/migrations
ENTRYPOINT ["preflexor"]
