#include "edge/orders/notification_resend.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace relais::edge {

OrderResult<Notification> ResendNotification(OrderLifecycle& lifecycle, Store& store, const std::string& brand,
                                             const std::string& order_id, int64_t id, const Actor& actor) {
  std::optional<Notification> again;
  OrderResult<OrderLifecycle::Changed> changed =
      lifecycle.Change(brand, order_id, [&](Order*, OrderCommit* commit, std::optional<OrderStatus>*) {
        // Read on each attempt: a resend that came first has taken its rank.
        const std::vector<Notification> all = store.OrderNotifications(brand, order_id);
        const auto original = std::find_if(all.begin(), all.end(), [&](const Notification& n) { return n.id == id; });
        again.reset();
        if (original == all.end()) return false;
        Notification copy = *original;
        const std::string base = copy.trigger.substr(0, copy.trigger.find("#resend"));
        int64_t copies = 0;
        for (const Notification& n : all) {
          copies += n.order_id == copy.order_id && n.channel == copy.channel && n.trigger.starts_with(base + "#resend");
        }
        copy.trigger = base + "#resend" + std::to_string(copies + 1);
        copy.next_attempt_ms = 0;
        commit->notifications = {copy};
        commit->events.push_back({copy.order_id,
                                  "notification_resent",
                                  {{"notification", id}, {"channel", copy.channel}, {"trigger", base}},
                                  actor});
        again = copy;
        return true;
      });
  if (!changed.ok()) return changed.error();
  const OrderError missing{"not_found", "notification " + std::to_string(id) + " of order " + order_id + " not found",
                           ""};
  if (!again) return missing;
  for (const Notification& n : store.OrderNotifications(brand, order_id)) {
    if (n.order_id == again->order_id && n.channel == again->channel && n.trigger == again->trigger) return n;
  }
  return missing;  // Not kept: the store refused a copy it already had, which the version guard rules out.
}

}  // namespace relais::edge
