#define BOOST_TEST_MODULE workflow
// Workflows as data: the shipped defaults (edge/orders/workflows.json) for every mode, the checks that refuse a
// workflow that cannot run, events applied to an order (never backwards, replays harmless, the shopper's
// rights), and the shopper's timeline.
#include "wasm/engine/workflow.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "wasm/engine/workflow_json.h"

using namespace relais;

namespace {

WorkflowStep MakeStep(std::string id, std::string fr, std::string en, bool visible, bool needs_shopper, bool end) {
  WorkflowStep step;
  step.id = std::move(id);
  step.label_fr = std::move(fr);
  step.label_en = std::move(en);
  step.visible = visible;
  step.needs_shopper = needs_shopper;
  step.end = end;
  return step;
}

std::vector<Workflow> Defaults() {
  std::ifstream in("edge/orders/workflows.json");
  BOOST_REQUIRE_MESSAGE(in, "edge/orders/workflows.json (tests run from the project root)");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Workflow> workflows;
  const std::string error = ParseWorkflows(text.str(), &workflows);
  BOOST_REQUIRE_MESSAGE(error.empty(), error);
  return workflows;
}

const Workflow& Mode(const std::vector<Workflow>& all, std::string_view mode) {
  for (const Workflow& w : all) {
    if (w.mode == mode) return w;
  }
  BOOST_FAIL("no workflow for " << mode);
  return all.front();
}

// A small relay-like workflow written here, so that each check below changes one thing.
Workflow Small() {
  Workflow w;
  w.mode = "relay";
  w.cancellable_until = "placed";
  w.steps = {MakeStep("placed", "Reçue", "Received", true, false, false),
             MakeStep("prepared", "Préparée", "Prepared", false, false, false),
             MakeStep("shipped", "Expédiée", "Shipped", true, false, false),
             MakeStep("ready", "Disponible", "Ready", true, true, false),
             MakeStep("collected", "Retirée", "Collected", true, false, true),
             MakeStep("cancelled", "Annulée", "Cancelled", true, false, true)};
  w.transitions = {{"placed", "preparation_done", "prepared"},
                   {"prepared", "handed_to_carrier", "shipped"},
                   {"shipped", "ready_for_pickup", "ready"},
                   {"ready", "picked_up", "collected", true}};
  return w;
}

std::string Steps(const Timeline& t) {
  std::string out;
  for (const TimelineEntry& e : t.entries) {
    out += e.label + (e.status == TimelineEntry::kDone ? "+" : e.status == TimelineEntry::kCurrent ? "*" : "") + ";";
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_mode_has_a_default_workflow_that_runs_to_its_end) {
  const std::vector<Workflow> all = Defaults();
  for (std::string_view mode :
       {"home", "click_collect", "drive", "pedestrian", "relay", "locker", "reserve", "reserve_transfer"}) {
    const Workflow& w = Mode(all, mode);
    BOOST_TEST_CONTEXT(mode) {
      WorkflowState state = StartWorkflow(w);
      BOOST_TEST(state.step == "placed");
      // Staff (or carriers) send each step's first event; at a step that waits for the shopper, the shopper.
      for (int moves = 0; moves < 20; ++moves) {
        const Timeline timeline = RenderTimeline(w, state, "fr");
        int current = 0;
        for (const TimelineEntry& e : timeline.entries) current += e.status == TimelineEntry::kCurrent;
        BOOST_TEST(current == 1);
        const WorkflowStep& here = w.steps[*w.Step(state.step)];
        if (here.end) break;
        const WorkflowTransition* first = nullptr;
        for (const WorkflowTransition& t : w.transitions) {
          if (t.from == state.step && !first) first = &t;
        }
        BOOST_REQUIRE(first);
        BOOST_TEST(first->by_shopper == here.needs_shopper);  // A step waiting for the shopper: its way first.
        BOOST_TEST(ApplyWorkflowEvent(w, first->event, first->by_shopper, &state).moved);
      }
      BOOST_TEST(w.steps[*w.Step(state.step)].end);
      BOOST_TEST(state.step != w.cancelled);
      BOOST_TEST(RenderTimeline(w, state, "en").entries.back().status == TimelineEntry::kCurrent);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_workflow_that_cannot_run_is_refused_with_a_reason) {
  BOOST_TEST(ValidateWorkflow(Small()) == "");
  const auto refusal = [](auto change) {
    Workflow w = Small();
    change(w);
    return ValidateWorkflow(w);
  };
  BOOST_TEST(refusal([](Workflow& w) { w.steps.clear(); }) == "workflow relay: no steps");
  BOOST_TEST(refusal([](Workflow& w) {
               for (int i = 0; i < 100; ++i)
                 w.steps.push_back(MakeStep("extra" + std::to_string(i), "", "", true, false, false));
             }) == "workflow relay: more than 64 steps");
  BOOST_TEST(refusal([](Workflow& w) { w.steps[2].id = "placed"; }).find("step placed is defined twice") !=
             std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) { w.transitions[1].to = "nowhere"; }).find("no step nowhere") !=
             std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) {
               w.transitions.push_back({"placed", "preparation_done", "shipped"});
             }).find("two transitions for event preparation_done") != std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) {
               w.transitions.push_back({"ready", "lost", "shipped"});
             }).find("a cycle goes through step") != std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) {
               w.transitions.erase(w.transitions.begin() + 1);
             }).find("step prepared is a dead end") != std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) {
               w.steps.push_back(MakeStep("lost", "Perdue", "Lost", true, false, true));
             }).find("step lost cannot be reached from placed") != std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) { w.transitions[0].by_shopper = true; }) ==
             "workflow relay: transition placed --preparation_done--> prepared is the shopper's but step placed "
             "does not need the shopper");
  BOOST_TEST(refusal([](Workflow& w) { w.transitions[3].by_shopper = false; }) ==
             "workflow relay: step ready needs the shopper but no transition from it is the shopper's (by_shopper)");
  BOOST_TEST(refusal([](Workflow& w) { w.steps[4].end = false; }).find("step collected is a dead end") !=
             std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) { w.steps[3].end = true; }).find("step ready is an end but has a way out") !=
             std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) { w.cancelled = "gone"; }).find("no cancelled step gone") != std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) { w.cancellable_until = "later"; }).find("cancellable_until names no step") !=
             std::string::npos);
  BOOST_TEST(refusal([](Workflow& w) {
               w.transitions.push_back({"shipped", "cancel", "cancelled"});
             }).find("\"cancel\" is built in") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(events_move_orders_forward_only_and_replays_change_nothing) {
  const Workflow w = Small();
  WorkflowState state = StartWorkflow(w);
  BOOST_TEST(ApplyWorkflowEvent(w, "preparation_done", false, &state).moved);
  BOOST_TEST(ApplyWorkflowEvent(w, "handed_to_carrier", false, &state).moved);
  // The carrier's webhook sent twice, then an older event arriving late: nothing moves, nothing is an error.
  WorkflowMove again = ApplyWorkflowEvent(w, "handed_to_carrier", false, &state);
  BOOST_TEST((!again.moved && again.repeated && again.refusal.empty()));
  BOOST_TEST(ApplyWorkflowEvent(w, "preparation_done", false, &state).repeated);
  BOOST_TEST(state.step == "shipped");
  // An event this step does not take is refused with a reason, and changes nothing.
  const WorkflowMove early = ApplyWorkflowEvent(w, "picked_up", false, &state);
  BOOST_TEST(!early.moved);
  BOOST_TEST(early.refusal == "event picked_up does not apply at step shipped");
  BOOST_TEST(state.step == "shipped");
  BOOST_TEST(state.history == (std::vector<std::string>{"placed", "prepared"}));
}

BOOST_AUTO_TEST_CASE(who_may_cancel_and_when) {
  const Workflow w = Small();
  WorkflowState fresh = StartWorkflow(w);
  BOOST_TEST(RenderTimeline(w, fresh, "en").can_cancel);
  WorkflowState shopper = fresh;
  BOOST_TEST(ApplyWorkflowEvent(w, "cancel", true, &shopper).moved);
  BOOST_TEST(shopper.step == "cancelled");
  BOOST_TEST(ApplyWorkflowEvent(w, "cancel", true, &shopper).repeated);  // Twice: once.

  WorkflowState late = fresh;
  ApplyWorkflowEvent(w, "preparation_done", false, &late);
  BOOST_TEST(!RenderTimeline(w, late, "en").can_cancel);
  const WorkflowMove refused = ApplyWorkflowEvent(w, "cancel", true, &late);
  BOOST_TEST(refused.refusal == "the order is past placed: the shopper can no longer cancel it");
  BOOST_TEST(ApplyWorkflowEvent(w, "cancel", false, &late).moved);  // Staff still may.

  WorkflowState done = fresh;
  for (const char* e : {"preparation_done", "handed_to_carrier", "ready_for_pickup"})
    ApplyWorkflowEvent(w, e, false, &done);
  BOOST_TEST(ApplyWorkflowEvent(w, "picked_up", false, &done).moved);
  BOOST_TEST(ApplyWorkflowEvent(w, "cancel", false, &done).refusal ==
             "the order has ended (collected): it cannot be cancelled");
}

BOOST_AUTO_TEST_CASE(the_shopper_acts_only_where_a_step_waits_for_the_shopper) {
  const std::vector<Workflow> all = Defaults();
  const Workflow& drive = Mode(all, "drive");
  WorkflowState state = StartWorkflow(drive);
  BOOST_TEST(ApplyWorkflowEvent(drive, "preparation_started", true, &state).refusal ==
             "event preparation_started is not the shopper's to send at step placed");
  ApplyWorkflowEvent(drive, "preparation_started", false, &state);
  ApplyWorkflowEvent(drive, "preparation_done", false, &state);
  const Timeline ready = RenderTimeline(drive, state, "en");
  BOOST_TEST(ready.awaits_shopper);
  BOOST_TEST(ready.shopper_events == (std::vector<std::string>{"arrived"}));
  WorkflowState expired = state;  // The shop's event, not the shopper's, at the same step.
  BOOST_TEST(ApplyWorkflowEvent(drive, "pickup_expired", true, &expired).refusal ==
             "event pickup_expired is not the shopper's to send at step ready_for_pickup");
  BOOST_TEST(ApplyWorkflowEvent(drive, "pickup_expired", false, &expired).moved);
  BOOST_TEST(ApplyWorkflowEvent(drive, "arrived", true, &state).moved);  // "I'm here".
  BOOST_TEST(state.step == "arrived");
}

BOOST_AUTO_TEST_CASE(the_timeline_shows_visible_steps_in_the_shoppers_language) {
  const Workflow w = Small();
  WorkflowState state = StartWorkflow(w);
  BOOST_TEST(Steps(RenderTimeline(w, state, "fr")) == "Reçue*;Expédiée;Disponible;Retirée;");
  ApplyWorkflowEvent(w, "preparation_done", false, &state);  // "prepared" is hidden: "placed" stays current.
  BOOST_TEST(Steps(RenderTimeline(w, state, "en")) == "Received*;Shipped;Ready;Collected;");
  ApplyWorkflowEvent(w, "handed_to_carrier", false, &state);
  BOOST_TEST(Steps(RenderTimeline(w, state, "en")) == "Received+;Shipped*;Ready;Collected;");
  ApplyWorkflowEvent(w, "cancel", false, &state);
  BOOST_TEST(Steps(RenderTimeline(w, state, "en")) == "Received+;Shipped+;Cancelled*;");
}

BOOST_AUTO_TEST_CASE(a_workflows_file_with_a_mistake_names_it) {
  std::vector<Workflow> workflows = Defaults();
  const size_t before = workflows.size();
  BOOST_TEST(ParseWorkflows("[]", &workflows) == "the workflows file is not a JSON object");
  BOOST_TEST(
      ParseWorkflows(R"({"workflows": [{"mode": "home", "steps": [{"id": "a", "colour": "red"}], "transitions": []}]})",
                     &workflows) == "workflows[0].steps[0].colour: unknown field");
  BOOST_TEST(
      ParseWorkflows(R"({"workflows": [{"mode": "home", "steps": [{"id": "a", "end": "yes"}], "transitions": []}]})",
                     &workflows) == "workflows[0].steps[0].end: true or false");
  BOOST_TEST(ParseWorkflows(R"({"workflows": [{"mode": "home", "steps": [{"id": "a"}], "transitions": []}]})",
                            &workflows) == "workflow home: no cancelled step cancelled");
  const std::string twice =
      R"({"workflows": [{"mode": "m", "steps": [{"id": "cancelled", "end": true}], "transitions": []},
                        {"mode": "m", "steps": [{"id": "cancelled", "end": true}], "transitions": []}]})";
  BOOST_TEST(ParseWorkflows(twice, &workflows) == "workflows[1]: mode m is defined twice");
  const std::string twice_after =
      R"({"workflows": [{"mode": "m", "after_transfer": true, "steps": [{"id": "cancelled", "end": true}],
                         "transitions": []},
                        {"mode": "m", "after_transfer": true, "steps": [{"id": "cancelled", "end": true}],
                         "transitions": []}]})";
  BOOST_TEST(ParseWorkflows(twice_after, &workflows) == "workflows[1]: mode m after a transfer is defined twice");
  BOOST_TEST(workflows.size() == before);  // Unchanged by every refusal.
  // A mode's own workflow and its workflow after a transfer are two.
  const std::string both =
      R"({"workflows": [{"mode": "m", "steps": [{"id": "cancelled", "end": true}], "transitions": []},
                        {"mode": "m", "after_transfer": true, "steps": [{"id": "cancelled", "end": true}],
                         "transitions": []}]})";
  BOOST_TEST(ParseWorkflows(both, &workflows) == "");
  BOOST_REQUIRE(workflows.size() == 2u);
  BOOST_TEST(!workflows[0].after_transfer);
  BOOST_TEST(workflows[1].after_transfer);
}
