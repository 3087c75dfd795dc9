FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
ENV SITREP_HTTP_HOST=0.0.0.0
# An explicit heap limit makes V8 collect before the heap balloons (docs/operations.md, "Memory").
ENTRYPOINT ["node", "--max-old-space-size=1024", "bin/sitrep.js"]
CMD ["start"]
