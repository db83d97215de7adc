#include "edge/carrier_poller.h"

#include <chrono>
#include <iostream>
#include <memory>

#include "edge/api_error.h"
#include "edge/http_call.h"
#include "edge/json_fields.h"
#include "edge/orders/carrier_tracking.h"
#include "edge/orders/order_progress.h"
#include "edge/utc_now.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int64_t kParcelsPerRound = 500;
constexpr long kTimeoutS = 20;

// GET `url` with `token`: the body of a 2xx answer, or nullopt with *error set.
std::optional<std::string> Fetch(const std::string& url, const std::string& token, std::string* error) {
  HttpRequest request;
  request.url = url;
  request.headers = {"Accept: application/json"};
  request.bearer_token = token;
  request.timeout_s = kTimeoutS;
  request.max_answer_bytes = 1 << 20;  // A tracking answer is small: 1 MB at most.
  HttpReply reply = Call(request);
  if (!reply.error.empty())
    *error = reply.error;
  else if (reply.status < 200 || reply.status >= 300)
    *error = "HTTP " + std::to_string(reply.status);
  else
    return std::move(reply.body);
  return std::nullopt;
}

// `text` with {number} replaced by `number`, escaped for a URL.
std::string UrlFor(const std::string& pattern, const std::string& number) {
  std::string escaped;
  for (const char c : number) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (plain) {
      escaped += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      escaped += '%';
      escaped += kHex[static_cast<unsigned char>(c) >> 4];
      escaped += kHex[static_cast<unsigned char>(c) & 15];
    }
  }
  std::string url = pattern;
  const size_t at = url.find("{number}");
  return at == std::string::npos ? url + escaped : url.replace(at, 8, escaped);
}

void Log(const std::string& level, const std::string& message) {
  std::cerr << json{{"level", level}, {"message", message}}.dump() << "\n";
}

}  // namespace

CarrierPoller::CarrierPoller(Store* store, std::map<std::string, std::vector<CarrierPolling>> polling,
                             const std::vector<Workflow>* workflows, Take take)
    : store_(store), polling_(std::move(polling)), workflows_(workflows), take_(std::move(take)) {}

CarrierPoller::~CarrierPoller() { Stop(); }

void CarrierPoller::Start() {
  if (polling_.empty()) return;
  loop_.Start(std::chrono::milliseconds(100));  // Each carrier's own period is PollDue's to keep.
}

void CarrierPoller::Stop() { loop_.Stop(); }

int CarrierPoller::PollDue() {
  int asked = 0;
  for (const auto& [brand, carriers] : polling_) {
    std::vector<Order> orders;  // Read once per brand, when one of its carriers is due.
    bool read = false;
    for (const CarrierPolling& p : carriers) {
      int64_t& next = next_ms_[brand + " " + p.carrier];
      const int64_t now = UnixMillisNow();
      if (now < next) continue;
      // Every node asks when its own schedule says so; the store gives each round to one of them. A node that
      // did not get it asks again an interval later, by when the round taken is over: if its holder died, the
      // next round is this node's.
      const bool mine = store_->ClaimPollRound(brand, p.carrier, now, p.every_ms);
      next = now + p.every_ms;
      if (!mine) continue;
      if (!read) {
        orders = store_->OrdersWithParcels(brand, kParcelsPerRound);
        read = true;
      }
      for (const Order& order : orders) {
        for (const ShipmentProgress& s : ReadProgress(order, *workflows_)) {
          const WorkflowStep& step = s.workflow->steps[*s.workflow->Step(s.state.step)];
          if (step.end || !s.parcel.is_object() || s.parcel.value("carrier", "") != p.carrier) continue;
          const std::string number = s.parcel.value("tracking_number", "");
          ++asked;
          std::string error;
          const std::optional<std::string> body = Fetch(UrlFor(p.url, number), p.token, &error);
          if (!body) {
            Log("warning", "carrier polling: " + p.carrier + " " + number + ": " + error);
            continue;
          }
          try {
            if (NestedDeeperThan(*body, kMaxJsonDepth)) throw std::runtime_error("the answer nests too deep");
            const json parsed = json::parse(*body);
            TrackingAnswer answer = ReadTrackingAnswer(parsed, p.carrier, p.format);
            if (answer.tracking_number != number) {
              Log("warning", "carrier polling: " + p.carrier + " answered for " + answer.tracking_number +
                                 " when asked about " + number);
              continue;
            }
            take_(brand, p.carrier, number, std::move(answer.events));
          } catch (const json::exception& e) {
            Log("warning", "carrier polling: " + p.carrier + " " + number + ": not JSON: " + e.what());
          } catch (const ApiError& e) {
            Log("warning", "carrier polling: " + p.carrier + " " + number + ": " + e.field() + ": " + e.what());
          }
        }
      }
    }
  }
  return asked;
}

}  // namespace relais::edge
