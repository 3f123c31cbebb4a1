# syntax=docker/dockerfile:1
# Multi-stage build of the release binary and its site assets; runs as a non-root user.

FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown \
 && apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
# cargo-leptos would download wasm-bindgen and wasm-opt at build time; give it both instead.
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock; wasm-opt comes from npm's
# binaryen (Debian's older one produces wasm that never hydrates).
RUN cargo install cargo-leptos@0.3.10 --locked \
 && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY end2end/package.json end2end/package-lock.json end2end/
RUN cd end2end && npm ci --no-audit --no-fund
# The browser libraries the site serves from public/vendor (hls.js), pinned in assets/.
COPY assets/package.json assets/package-lock.json assets/
RUN cd assets && npm ci --no-audit --no-fund
ENV PATH=/src/end2end/node_modules/.bin:$PATH \
    CARGO_TARGET_DIR=/src/target
COPY . .
RUN mkdir -p public/vendor && cp assets/node_modules/hls.js/dist/hls.light.min.js public/vendor/
# Bundle names carry content hashes (hash-files in Cargo.toml; hash.txt beside the binary);
# every compressible file gets .br and .gz copies the server sends as they are.
RUN cargo leptos build --release \
 && target/release/takeone assets compress target/site

FROM debian:bookworm-slim AS runtime
# ffmpeg/ffprobe transcode videos; the DejaVu font draws self-tape watermarks; libheif's
# heif-convert turns phones' HEIC photos into JPEG before their renditions are made. clamd runs as
# its own service with freshclam's signatures, not in this image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ffmpeg fonts-dejavu-core libheif-examples \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin takeone
WORKDIR /app
COPY --from=build /src/target/release/takeone /app/takeone
COPY --from=build /src/target/site /app/site
# Where leptos and the server look for it: beside the binary.
COPY --from=build /src/target/release/hash.txt /app/hash.txt
# The node's search indexes: rebuilt from the database when missing, so a volume only saves
# the rebuild on restart.
RUN mkdir -p /var/lib/takeone/search && chown -R takeone:takeone /var/lib/takeone
VOLUME /var/lib/takeone/search
# Production refuses to start without TAKEONE_SESSION_SECRET, an https TAKEONE_PUBLIC_URL and a
# TLS TAKEONE_SMTP_URL, nor without TAKEONE_S3_ACCESS_KEY/SECRET_KEY; point TAKEONE_S3_ENDPOINT
# (or TAKEONE_S3_REGION for AWS) at the bucket and TAKEONE_CLAMD_ADDR at clamd. Web nodes may
# set TAKEONE_WORKERS=false and run `takeone worker` apart.
ENV LEPTOS_SITE_ROOT=/app/site \
    TAKEONE_ADDR=0.0.0.0:3000 \
    TAKEONE_ENV=production \
    TAKEONE_LOG_FORMAT=json \
    TAKEONE_SEARCH_DIR=/var/lib/takeone/search
USER takeone:takeone
EXPOSE 3000
ENTRYPOINT ["/app/takeone"]
CMD ["serve"]
