// An order's steps per fulfilment mode, as data: which steps there are, which the shopper sees, which wait
// for the shopper (an arrival check-in), until when the shopper may cancel, and which event moves an order
// from one step to the next. The merchant writes them in a config file (workflow_json.h); the engine
// checks them, applies events to an order, and draws the shopper's timeline -- the same code on the server
// (the authority, which stores every event) and in the browser (which replays them).
#ifndef RELAIS_ENGINE_WORKFLOW_H_
#define RELAIS_ENGINE_WORKFLOW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais {

struct WorkflowStep {
  std::string id;                  // "preparing": what events and stored orders name.
  std::string label_fr, label_en;  // What the shopper (or staff) reads.
  bool visible = true;             // Shown on the shopper's timeline.
  bool needs_shopper = false;      // Waits for the shopper (e.g. "I'm here" at a drive): a by_shopper transition.
  bool end = false;                // Orders stop here (collected, delivered, cancelled): no way out.
  bool notify = false;             // Reaching it tells the shopper (e-mail, SMS): ready for pick-up, a question.
  // Reaching it waits for the shopper's answers: staff cannot move a shipment here while a question about it
  // is open (a substitution changes what is prepared; "ready" must not go out before).
  bool waits_for_answers = false;
  // What reaching this step means for the order's stock, in the server's coarse statuses ("ready",
  // "shipped", "collected"...): the server moves the order's status (and its stock) there. "" : no change.
  std::string order_status;
};

// `event` moves an order at step `from` to step `to`.
// A step's first transition (in the order given) is its normal way: the timeline shows the steps ahead
// along it.
struct WorkflowTransition {
  std::string from, event, to;
  // The shopper's event (an arrival check-in, an answer): it leaves a step that needs the shopper. Staff may
  // send it too (at the counter, for the shopper); the shopper sends no other event but "cancel".
  bool by_shopper = false;
};

inline constexpr size_t kMaxWorkflowSteps = 64;
inline constexpr size_t kMaxWorkflowTransitions = 256;

struct Workflow {
  std::string mode;  // "home", "click_collect", "drive", ...
  // A mode the merchant adds ("courier"): the route kind it is planned and checked as -- home, relay,
  // locker, click_collect, drive or pedestrian ("" for the engine's own modes).
  std::string route;
  std::string label_fr, label_en;  // What shoppers read for a mode of the merchant's ("" : the page's own word).
  // The mode's shipments that come by a transfer from another site first (collected at a store the stock
  // is sent to; shipped by a site the stock is sent to): their own steps, since the shopper must not be
  // told "ready" before the goods have arrived. A mode has at most one workflow each way.
  bool after_transfer = false;
  std::vector<WorkflowStep> steps;  // The first is where every order starts.
  std::vector<WorkflowTransition> transitions;
  std::string cancellable_until;        // The last step at which the shopper may cancel ("": never).
  std::string cancelled = "cancelled";  // Where a cancellation leads: an end step of `steps`.

  // Index of step `id`, or nullopt.
  std::optional<size_t> Step(std::string_view id) const;
};

// "" when `workflow` can run, else what is wrong, naming the step or transition: no steps (or more than
// kMaxWorkflowSteps steps, kMaxWorkflowTransitions transitions), a duplicate or
// empty step id, a transition from or to an unknown step, two transitions for the same (step, event), a
// shopper's transition from a step that does not need the shopper or such a step without one, a
// step no path reaches from the first, a dead end (a step without a way out that is not an end), an end
// with a way out, a cycle, an unknown cancellable_until, a cancelled step that is missing or not an end.
std::string ValidateWorkflow(const Workflow& workflow);

// An order's place in its workflow: the step it is at and the steps it went through, in order.
struct WorkflowState {
  std::string step;
  std::vector<std::string> history;  // Steps left, oldest first.
};

// The state of a new order: at the first step.
WorkflowState StartWorkflow(const Workflow& workflow);

struct WorkflowMove {
  bool moved = false;     // False: the state is unchanged (see `refusal`).
  bool repeated = false;  // The event had already brought the order here: a replay, not an error.
  std::string refusal;    // Why the event does not apply at this step ("" when moved or repeated).
};

// Applies `event` to `*state`. "cancel" is understood by every workflow: allowed at or before
// cancellable_until for the shopper (`by_shopper`), at any step with a way out for staff; otherwise the
// shopper sends only by_shopper transitions' events. An event that
// already brought the order to its current step (a replayed webhook) is `repeated` and changes nothing; an
// event the current step does not take is refused and changes nothing -- an order never moves backwards.
WorkflowMove ApplyWorkflowEvent(const Workflow& workflow, std::string_view event, bool by_shopper,
                                WorkflowState* state);

// One line of the shopper's timeline.
struct TimelineEntry {
  std::string step, label;
  enum Status { kDone, kCurrent, kNext } status;
};

struct Timeline {
  std::vector<TimelineEntry> entries;       // Visible steps only: the ones passed, the current, the ones ahead.
  bool can_cancel = false;                  // The shopper may cancel now.
  bool awaits_shopper = false;              // The current step waits for the shopper (needs_shopper).
  std::vector<std::string> shopper_events;  // Events the shopper may send now (e.g. "arrived").
};

// The timeline of `state` in `lang` ("fr" or "en"): the visible steps passed, the current step (a hidden
// current step shows as the last visible one passed, or the next one ahead), then the visible steps of the
// normal way to an end.
Timeline RenderTimeline(const Workflow& workflow, const WorkflowState& state, std::string_view lang);

}  // namespace relais

#endif  // RELAIS_ENGINE_WORKFLOW_H_
