-- wrk script: one order per request, each with its own Idempotency-Key (thread id + counter), so every
-- request creates an order and reserves stock. RELAIS_KEY carries the merchant key. ORDER_KEY_PREFIX (default
-- "bench") starts every key: wrk processes run at once (bench/edge_postgres_bench.sh) each need their own, or
-- their threads' keys would repeat one another's and replay orders instead of creating them.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local key = os.getenv("RELAIS_KEY")
local prefix = os.getenv("ORDER_KEY_PREFIX") or "bench"
local body = '{"customer_id": "bench", "lines": [{"sku": "P", "quantity": 1, "site": "wh", "mode": "click_collect"}]}'

function request()
  counter = counter + 1
  return wrk.format("POST", "/v1/orders", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter .. "-" .. os.time(),
  }, body)
end
