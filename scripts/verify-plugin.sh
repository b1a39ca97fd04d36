#!/usr/bin/env bash
# Proves that another Medusa 2.21.2 app can install and use this package, the way a merchant would:
# plugin:build, npm pack, a fresh host app that installs the tarball and registers the plugin and its
# fulfillment provider, db:migrate (the plugin's module migration and links), medusa develop, and the
# admin HTTP checks. Prints each step's time; exits non-zero naming the check that failed.
#
#   scripts/verify-plugin.sh              # host app in /tmp/canada-post-host-app
#   VERIFY_ADMIN=1 scripts/verify-plugin.sh   # also builds the admin and looks for the plugin's widget
#
# Needs PostgreSQL on localhost:5432 (PGUSER, default postgres; trust or PGPASSWORD). The database
# VERIFY_DB (default verify_plugin_check) is created and dropped again at the end. The first run's
# npm install takes minutes (Medusa is ~770 MB); later runs reuse the host's node_modules.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOST_DIR="${VERIFY_HOST_DIR:-/tmp/canada-post-host-app}"
PACK_DIR="${VERIFY_PACK_DIR:-/tmp/canada-post-pack}"
DB="${VERIFY_DB:-verify_plugin_check}"
PORT="${VERIFY_PORT:-9317}"
PGUSER="${PGUSER:-postgres}"
ADMIN_EMAIL="admin@host-check.example"
ADMIN_PASSWORD="host-check-secret"
export PGUSER PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}"
export MEDUSA_DISABLE_TELEMETRY=true
export DATABASE_URL="postgres://${PGUSER}${PGPASSWORD:+:$PGPASSWORD}@${PGHOST}:${PGPORT}/${DB}"

if [[ ! "$DB" =~ ^[a-z_][a-z0-9_]*$ ]]; then
  echo "VERIFY_DB must be a plain lower-case name such as verify_plugin_check (got '$DB')" >&2
  exit 2
fi

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill -- "-$SERVER_PID" 2>/dev/null || true; fi
  dropdb --if-exists "$DB" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step_start=0
step() {
  step_start=$(date +%s)
  echo "==> $*"
}
done_step() { echo "    ok ($(($(date +%s) - step_start)) s)"; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

step "medusa plugin:build"
(cd "$ROOT" && npx medusa plugin:build >/dev/null)
done_step

step "npm pack"
rm -rf "$PACK_DIR" && mkdir -p "$PACK_DIR"
# Logs stay out of the host app: medusa develop restarts on every file written under it.
LOGS="$PACK_DIR/logs"
mkdir -p "$LOGS"
TARBALL="$PACK_DIR/$(cd "$ROOT" && npm pack --silent --pack-destination "$PACK_DIR" | tail -1)"
CONTENTS="$(tar tzf "$TARBALL")"
for wanted in package/.medusa/server/src/providers/canada-post/index.js \
  package/.medusa/server/src/modules/canada-post/index.js \
  package/.medusa/server/src/admin/index.mjs package/dist/index.js package/bin/canada-post.js \
  package/schemas/canada-post/; do
  grep -q "^$wanted" <<<"$CONTENTS" || fail "the tarball lacks $wanted"
done
if grep -E '^package/(test|node_modules|src)/|/node_modules/|\.test\.js$' <<<"$CONTENTS"; then
  fail "the tarball holds tests, sources or node_modules (above)"
fi
echo "    $TARBALL: $(wc -l <<<"$CONTENTS") files, $(du -h "$TARBALL" | cut -f1)"
done_step

step "host app in $HOST_DIR"
mkdir -p "$HOST_DIR"
cd "$HOST_DIR"
cat >package.json <<EOF
{
  "name": "canada-post-host-app",
  "private": true,
  "version": "0.0.0",
  "dependencies": {
    "@medusajs/admin-sdk": "2.21.2",
    "@medusajs/cli": "2.21.2",
    "@medusajs/framework": "2.21.2",
    "@medusajs/medusa": "2.21.2",
    "canada-post-commerce": "file:$TARBALL"
  },
  "devDependencies": {
    "@swc/core": "1.16.22",
    "@types/node": "^20.19.0",
    "react": "^18.3.1",
    "react-dom": "^18.3.1",
    "ts-node": "^10.9.2",
    "typescript": "~5.9.3",
    "vite": "^7.3.8"
  }
}
EOF
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2021",
    "module": "Node16",
    "moduleResolution": "Node16",
    "esModuleInterop": true,
    "skipLibCheck": true,
    "jsx": "react-jsx",
    "outDir": "./.medusa/server",
    "rootDir": "./"
  },
  "ts-node": { "swc": true },
  "include": ["**/*", ".medusa/types/*"],
  "exclude": ["node_modules", ".medusa/server", ".medusa/admin", ".cache"]
}
EOF
# The README's "Use it in your own Medusa app" configuration; no credentials: the built-in simulator.
cat >medusa-config.ts <<'EOF'
import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());
const env = process.env;

const canadaPost = {
  settings: {
    origin: {
      postalCode: "K2B 8J6",
      sender: {
        company: "Host Check Inc.",
        contactPhone: "613-555-0100",
        addressLine1: "502 Main St N",
        city: "Ottawa",
        province: "ON",
      },
    },
    canadaPost: {
      username: env.CANADA_POST_USERNAME || undefined,
      password: env.CANADA_POST_PASSWORD || undefined,
      customerNumber: env.CANADA_POST_CUSTOMER_NUMBER || undefined,
      contractId: env.CANADA_POST_CONTRACT_ID || undefined,
      env: (env.CANADA_POST_ENV === "production" || env.CANADA_POST_ENV === "simulator"
        ? env.CANADA_POST_ENV
        : "sandbox") as "production" | "sandbox" | "simulator",
    },
    services: [
      { code: "DOM.RP" },
      { code: "DOM.EP", name: "Expedited" },
      { code: "DOM.XP" },
      { code: "USA.EP" },
      { code: "INT.IP.AIR", enabled: false },
    ],
    pricing: { markup: { percent: 10, flat: 0 }, handlingFee: 1.5, rounding: "up_0.99" as const },
    packing: { missingWeight: "default" as const },
    quotes: { deadlineMs: 2500, fallbackRates: { "DOM.EP": { amount: 15, name: "Expedited" } } },
    labels: { encoding: "PDF" as const, outputFormat: "4x6" as const },
    shipments: { mode: "transmit" as const },
    options: { signatureOverValue: 500, coverage: "orderValue" as const },
    language: "en" as const,
    catalogueUnits: { weight: "g" as const, dimension: "cm" as const },
  },
  labelsDir: ".canada-post/labels",
  backendUrl: env.MEDUSA_BACKEND_URL || "http://localhost:9000",
  notificationEmail: "shipping@host-check.example",
};

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: env.DATABASE_URL,
    http: {
      storeCors: env.STORE_CORS || "http://localhost:8000",
      adminCors: env.ADMIN_CORS || "http://localhost:9000",
      authCors: env.AUTH_CORS || "http://localhost:8000,http://localhost:9000",
      jwtSecret: env.JWT_SECRET || "supersecret",
      cookieSecret: env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: env.MEDUSA_ADMIN_DISABLE === "true" },
  plugins: [{ resolve: "canada-post-commerce", options: canadaPost }],
  modules: [
    {
      resolve: "@medusajs/medusa/fulfillment",
      dependencies: ["canadaPost", "locking", "file", "cache"],
      options: {
        providers: [
          { resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" },
          { resolve: "canada-post-commerce/providers/canada-post", id: "canada-post", options: canadaPost },
        ],
      },
    },
  ],
});
EOF
done_step

step "npm install (Medusa 2.21.2 and the tarball)"
# A changed tarball with the same version is not re-extracted by npm: remove the old copy first.
rm -rf node_modules/canada-post-commerce
npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
installed="$(node -p 'require("canada-post-commerce/package.json").version')"
echo "    canada-post-commerce $installed installed"
done_step

step "database $DB and medusa db:migrate"
dropdb --if-exists "$DB"
createdb "$DB"
npx medusa db:migrate >"$LOGS/migrate.log" 2>&1 || fail "db:migrate (see $LOGS/migrate.log)"
tables="$(psql -d "$DB" -Atc "select string_agg(tablename, ' ' order by tablename) from pg_tables where tablename like '%canada_post%'")"
for t in canada_post_shipment fulfillment_fulfillment_canadapost_canada_post_shipment \
  order_order_canadapost_canada_post_shipment; do
  [[ " $tables " == *" $t "* ]] || fail "db:migrate made no table $t (made: $tables)"
done
echo "    tables: $tables"
npx medusa user -e "$ADMIN_EMAIL" -p "$ADMIN_PASSWORD" >"$LOGS/user.log" 2>&1 || fail "medusa user (see $LOGS/user.log)"
done_step

step "medusa develop on port $PORT (admin disabled)"
if curl -s -o /dev/null "http://localhost:$PORT/health"; then fail "port $PORT is taken: set VERIFY_PORT"; fi
PORT="$PORT" MEDUSA_ADMIN_DISABLE=true setsid npx medusa develop >"$LOGS/develop.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://localhost:$PORT/health" && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "medusa develop exited (see $LOGS/develop.log)"
  sleep 1
done
curl -sf -o /dev/null "http://localhost:$PORT/health" || fail "medusa develop not healthy in 120 s"
done_step

step "admin HTTP checks"
B="http://localhost:$PORT"
TOKEN="$(curl -sf -X POST "$B/auth/user/emailpass" -H 'content-type: application/json' \
  -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" | jq -r .token)"
[[ -n "$TOKEN" && "$TOKEN" != null ]] || fail "admin login"
get() { curl -sf "$B$1" -H "authorization: Bearer $TOKEN"; }
post() { curl -sf -X POST "$B$1" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "$2"; }

get /admin/fulfillment-providers | jq -e '.fulfillment_providers | map(.id) | index("canada-post_canada-post")' >/dev/null ||
  fail "GET /admin/fulfillment-providers does not list canada-post_canada-post"
codes="$(get /admin/fulfillment-providers/canada-post_canada-post/options | jq -r '[.fulfillment_options[].service_code] | join(" ")')"
[[ "$codes" == "DOM.RP DOM.EP DOM.XP USA.EP DOM.EP" ]] || fail "fulfillment options: got '$codes'"
echo "    fulfillment options: $codes (the last is the return option)"
get "/admin/canada-post/shipments?order_id=x" | jq -e '.shipments == []' >/dev/null ||
  fail "GET /admin/canada-post/shipments?order_id=x"
status="$(curl -s -o /dev/null -w '%{http_code}' "$B/admin/canada-post/shipments?order_id=x")"
[[ "$status" == 401 ]] || fail "the plugin's admin route answered $status without a token (expected 401)"

# The README's admin steps: provider on the stock location, then a calculated option per service.
SL="$(post /admin/stock-locations '{"name":"Ottawa warehouse","address":{"address_1":"502 Main St N","city":"Ottawa","province":"ON","postal_code":"K2B 8J6","country_code":"ca"}}' | jq -r .stock_location.id)"
post "/admin/stock-locations/$SL/fulfillment-providers" '{"add":["canada-post_canada-post"]}' >/dev/null
FS="$(post "/admin/stock-locations/$SL/fulfillment-sets?fields=*fulfillment_sets" '{"name":"Ottawa shipping","type":"shipping"}' | jq -r '.stock_location.fulfillment_sets[0].id')"
SZ="$(post "/admin/fulfillment-sets/$FS/service-zones" '{"name":"Canada","geo_zones":[{"type":"country","country_code":"ca"}]}' | jq -r '.fulfillment_set.service_zones[0].id')"
SP="$(get "/admin/shipping-profiles?type=default" | jq -r '.shipping_profiles[0].id')"
option="$(get /admin/fulfillment-providers/canada-post_canada-post/options | jq -c '.fulfillment_options[] | select(.service_code == "DOM.EP" and (.is_return | not))')"
created="$(post /admin/shipping-options "{\"name\":\"Canada Post Expedited\",\"service_zone_id\":\"$SZ\",\"shipping_profile_id\":\"$SP\",\"provider_id\":\"canada-post_canada-post\",\"price_type\":\"calculated\",\"type\":{\"label\":\"Expedited\",\"description\":\"Canada Post Expedited Parcel\",\"code\":\"canada-post-expedited\"},\"data\":$option,\"prices\":[]}")" ||
  fail "creating a calculated Canada Post shipping option"
jq -e '.shipping_option.price_type == "calculated" and .shipping_option.data.service_code == "DOM.EP"' <<<"$created" >/dev/null ||
  fail "the shipping option came back as $created"
echo "    calculated shipping option $(jq -r .shipping_option.id <<<"$created") for DOM.EP"
done_step

kill -- "-$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

if [[ "${VERIFY_ADMIN:-}" == 1 ]]; then
  step "medusa build (admin) picks up the plugin's order widget"
  npx medusa build >"$LOGS/build.log" 2>&1 || fail "medusa build (see $LOGS/build.log)"
  grep -rlq "canada-post/shipments" .medusa/server/public/admin/assets ||
    fail "the admin bundle has no Canada Post widget"
  done_step
fi

echo "verify-plugin: all checks passed"
