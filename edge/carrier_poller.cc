#include "edge/carrier_poller.h"

#include <curl/curl.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "edge/api_error.h"
#include "edge/carrier_tracking.h"
#include "edge/order_progress.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int64_t kParcelsPerRound = 500;
constexpr long kTimeoutS = 20;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

size_t Keep(char* data, size_t size, size_t count, void* user) {
  std::string* body = static_cast<std::string*>(user);
  if (body->size() < (1u << 20)) body->append(data, size * count);  // A tracking answer is small: 1 MB at most.
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

// GET `url` with `token`: the body of a 2xx answer, or nullopt with *error set.
std::optional<std::string> Fetch(const std::string& url, const std::string& token, std::string* error) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    *error = "libcurl could not start";
    return std::nullopt;
  }
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  if (!token.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  std::string body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Keep);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, kTimeoutS);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(curl.get());
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK)
    *error = curl_easy_strerror(rc);
  else if (status < 200 || status >= 300)
    *error = "HTTP " + std::to_string(status);
  else
    return body;
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
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      lock.unlock();
      try {
        PollDue();
      } catch (const std::exception& e) {
        Log("error", std::string("carrier polling: ") + e.what());
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; });
    }
  });
}

void CarrierPoller::Stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int CarrierPoller::PollDue() {
  int asked = 0;
  for (const auto& [brand, carriers] : polling_) {
    std::vector<Order> orders;  // Read once per brand, when one of its carriers is due.
    bool read = false;
    for (const CarrierPolling& p : carriers) {
      int64_t& next = next_ms_[brand + " " + p.carrier];
      if (NowMs() < next) continue;
      next = NowMs() + p.every_ms;
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
