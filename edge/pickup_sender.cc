#include "edge/pickup_sender.h"

#include <chrono>

#include "edge/utc_now.h"

namespace relais::edge {

namespace {

constexpr int64_t kLeaseMs = 120'000;  // A request being sent (a PDF made, a call made) is not taken before this.

}  // namespace

PickupSender::PickupSender(Store* store, std::map<std::string, PickupBrand> brands)
    : store_(store), brands_(std::move(brands)) {}

PickupSender::~PickupSender() { Stop(); }

void PickupSender::Start(int poll_ms) { loop_.Start(std::chrono::milliseconds(poll_ms)); }

void PickupSender::Stop() { loop_.Stop(); }

void PickupSender::Wake() { loop_.Wake(); }

int PickupSender::SendDue() {
  const std::vector<PickupRequest> due = store_->ClaimPickupRequests(UnixMillisNow(), kLeaseMs, 20);
  for (const PickupRequest& r : due) {
    const auto brand = brands_.find(r.brand);
    PickupAnswer answer{"the brand is no longer configured", ""};
    if (brand != brands_.end()) answer = Send(r, brand->second);
    if (answer.error.empty()) {
      store_->FinishPickupRequest(r.id, true, "", 0, answer.reference);
      continue;
    }
    const int64_t retry_at = brand != brands_.end() ? RetryAtMs(brand->second.mail, r.attempts, UnixMillisNow()) : 0;
    store_->FinishPickupRequest(r.id, false, answer.error, retry_at, "");
  }
  return static_cast<int>(due.size());
}

PickupAnswer PickupSender::Send(const PickupRequest& r, const PickupBrand& brand) {
  PickupFacts facts;
  facts.brand = r.brand;
  facts.brand_name = brand.name;
  facts.carrier_name = r.carrier;
  const CarrierAccount* account = nullptr;
  for (const CarrierAccount& a : brand.shipping.accounts) {
    if (a.carrier == r.carrier && a.account == r.account) account = &a;
  }
  // The account as configured now: a corrected address or token serves the retries.
  if (!account || account->pickup.by.empty()) {
    return {"account " + r.account + " of " + r.carrier + " no longer asks for pickups", ""};
  }
  facts.carrier_name = account->name.empty() ? r.carrier : account->name;
  facts.contact = account->pickup;
  std::optional<Manifest> manifest = store_->GetManifest(r.brand, r.manifest_id);
  if (!manifest) return {"manifest " + r.manifest_id + " is missing", ""};
  facts.manifest = std::move(*manifest);
  facts.site = store_->GetSite(r.brand, facts.manifest.site);
  const std::unique_ptr<PickupChannel> channel = PickupChannelFor(facts.contact, brand.mail);
  if (!channel) return {"no way to ask " + r.carrier + " for a pickup", ""};
  return channel->Ask(facts);
}

}  // namespace relais::edge
