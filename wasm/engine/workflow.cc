#include "wasm/engine/workflow.h"

#include <algorithm>
#include <set>
#include <utility>

namespace relais {

namespace {

constexpr std::string_view kCancel = "cancel";

// Indices of the steps reachable from `from` (itself included).
std::vector<bool> Reachable(const Workflow& w, size_t from) {
  std::vector<bool> seen(w.steps.size(), false);
  std::vector<size_t> todo = {from};
  seen[from] = true;
  while (!todo.empty()) {
    const size_t s = todo.back();
    todo.pop_back();
    for (const WorkflowTransition& t : w.transitions) {
      if (t.from != w.steps[s].id) continue;
      const size_t to = *w.Step(t.to);
      if (!seen[to]) {
        seen[to] = true;
        todo.push_back(to);
      }
    }
  }
  return seen;
}

bool HasWayOut(const Workflow& w, std::string_view step) {
  return std::any_of(w.transitions.begin(), w.transitions.end(),
                     [&](const WorkflowTransition& t) { return t.from == step; });
}

// A step of a cycle, or "" (depth-first search; 0 unvisited, 1 on the current path, 2 done).
std::string CycleStep(const Workflow& w, size_t s, std::vector<int>* mark) {
  (*mark)[s] = 1;
  for (const WorkflowTransition& t : w.transitions) {
    if (t.from != w.steps[s].id) continue;
    const size_t to = *w.Step(t.to);
    if ((*mark)[to] == 1) return w.steps[to].id;
    if ((*mark)[to] == 0) {
      if (std::string found = CycleStep(w, to, mark); !found.empty()) return found;
    }
  }
  (*mark)[s] = 2;
  return "";
}

// The steps an order at `from` normally goes through next: each step's first transition, to an end.
std::vector<size_t> WayAhead(const Workflow& w, size_t from) {
  std::vector<size_t> way;
  for (size_t s = from;;) {
    const auto next = std::find_if(w.transitions.begin(), w.transitions.end(),
                                   [&](const WorkflowTransition& t) { return t.from == w.steps[s].id; });
    if (next == w.transitions.end()) return way;
    s = *w.Step(next->to);
    way.push_back(s);
  }
}

bool ShopperMayCancel(const Workflow& w, const WorkflowState& state) {
  if (w.cancellable_until.empty()) return false;
  const std::optional<size_t> current = w.Step(state.step);
  const std::optional<size_t> last = w.Step(w.cancellable_until);
  return current && last && !w.steps[*current].end && Reachable(w, *current)[*last];
}

}  // namespace

std::optional<size_t> Workflow::Step(std::string_view id) const {
  for (size_t s = 0; s < steps.size(); ++s) {
    if (steps[s].id == id) return s;
  }
  return std::nullopt;
}

std::string ValidateWorkflow(const Workflow& w) {
  const std::string at = "workflow " + (w.mode.empty() ? std::string("(no mode)") : w.mode) + ": ";
  if (w.steps.empty()) return at + "no steps";
  // Bounds that keep every check small (and the depth-first search's recursion shallow) whatever the file.
  if (w.steps.size() > kMaxWorkflowSteps) return at + "more than " + std::to_string(kMaxWorkflowSteps) + " steps";
  if (w.transitions.size() > kMaxWorkflowTransitions) {
    return at + "more than " + std::to_string(kMaxWorkflowTransitions) + " transitions";
  }
  std::set<std::string> ids;
  for (const WorkflowStep& s : w.steps) {
    if (s.id.empty()) return at + "a step has no id";
    if (s.id == kCancel) return at + "\"cancel\" is an event, not a step";
    if (!ids.insert(s.id).second) return at + "step " + s.id + " is defined twice";
  }
  std::set<std::pair<std::string, std::string>> events;
  for (const WorkflowTransition& t : w.transitions) {
    const std::string name = t.from + " --" + t.event + "--> " + t.to;
    if (!w.Step(t.from)) return at + "transition " + name + ": no step " + t.from;
    if (!w.Step(t.to)) return at + "transition " + name + ": no step " + t.to;
    if (t.event.empty()) return at + "transition " + name + " has no event";
    if (t.event == kCancel) return at + "transition " + name + ": \"cancel\" is built in (see cancelled)";
    if (!events.insert({t.from, t.event}).second) {
      return at + "step " + t.from + " has two transitions for event " + t.event;
    }
    if (t.by_shopper && !w.steps[*w.Step(t.from)].needs_shopper) {
      return at + "transition " + name + " is the shopper's but step " + t.from + " does not need the shopper";
    }
  }
  for (const WorkflowStep& s : w.steps) {
    const bool shopper_way = std::any_of(w.transitions.begin(), w.transitions.end(),
                                         [&](const WorkflowTransition& t) { return t.from == s.id && t.by_shopper; });
    if (s.needs_shopper && !shopper_way) {
      return at + "step " + s.id + " needs the shopper but no transition from it is the shopper's (by_shopper)";
    }
  }
  std::vector<int> mark(w.steps.size(), 0);
  for (size_t s = 0; s < w.steps.size(); ++s) {
    if (mark[s] != 0) continue;
    if (const std::string step = CycleStep(w, s, &mark); !step.empty()) {
      return at + "a cycle goes through step " + step + " (an order must never come back)";
    }
  }
  const std::optional<size_t> cancelled = w.Step(w.cancelled);
  if (!cancelled) return at + "no cancelled step " + w.cancelled;
  std::vector<bool> reached = Reachable(w, 0);
  reached[*cancelled] = true;  // Every step with a way out leads there by "cancel".
  for (size_t s = 0; s < w.steps.size(); ++s) {
    const WorkflowStep& step = w.steps[s];
    if (!reached[s]) return at + "step " + step.id + " cannot be reached from " + w.steps[0].id;
    const bool way_out = HasWayOut(w, step.id);
    if (step.end && way_out) return at + "step " + step.id + " is an end but has a way out";
    if (!step.end && !way_out) return at + "step " + step.id + " is a dead end (no way out, not an end)";
  }
  if (!w.steps[*cancelled].end) return at + "the cancelled step " + w.cancelled + " must be an end";
  if (!w.cancellable_until.empty() && !w.Step(w.cancellable_until)) {
    return at + "cancellable_until names no step: " + w.cancellable_until;
  }
  return "";
}

WorkflowState StartWorkflow(const Workflow& workflow) { return {workflow.steps.front().id, {}}; }

WorkflowMove ApplyWorkflowEvent(const Workflow& w, std::string_view event, bool by_shopper, WorkflowState* state) {
  WorkflowMove move;
  const std::optional<size_t> current = w.Step(state->step);
  if (!current) {
    move.refusal = "the order is at step " + state->step + ", which this workflow does not have";
    return move;
  }
  const auto passed = [&](std::string_view step) {
    return step == state->step || std::find(state->history.begin(), state->history.end(), step) != state->history.end();
  };
  std::string to;
  bool shoppers = false;
  if (event == kCancel) {
    if (state->step == w.cancelled) {
      move.repeated = true;
      return move;
    }
    if (w.steps[*current].end) {
      move.refusal = "the order has ended (" + state->step + "): it cannot be cancelled";
      return move;
    }
    if (by_shopper && !ShopperMayCancel(w, *state)) {
      move.refusal = "the order is past " + w.cancellable_until + ": the shopper can no longer cancel it";
      if (w.cancellable_until.empty()) move.refusal = "the shopper cannot cancel this kind of order";
      return move;
    }
    to = w.cancelled;
  } else {
    for (const WorkflowTransition& t : w.transitions) {
      if (t.from == state->step && t.event == event) {
        to = t.to;
        shoppers = t.by_shopper;
      }
    }
    if (to.empty()) {
      // An event that brought the order to a step it has reached already: a replay, or one that arrives
      // after a later one. Never a step back.
      for (const WorkflowTransition& t : w.transitions) {
        if (t.event == event && passed(t.to)) {
          move.repeated = true;
          return move;
        }
      }
      move.refusal = "event " + std::string(event) + " does not apply at step " + state->step;
      return move;
    }
    if (by_shopper && !shoppers) {
      move.refusal = "event " + std::string(event) + " is not the shopper's to send at step " + state->step;
      return move;
    }
  }
  state->history.push_back(state->step);
  state->step = to;
  move.moved = true;
  return move;
}

Timeline RenderTimeline(const Workflow& w, const WorkflowState& state, std::string_view lang) {
  Timeline timeline;
  const std::optional<size_t> current = w.Step(state.step);
  if (!current) return timeline;
  const auto label = [&](const WorkflowStep& s) {
    const std::string& l = lang == "fr" ? s.label_fr : s.label_en;
    return l.empty() ? (s.label_en.empty() ? s.id : s.label_en) : l;
  };
  std::set<std::string> shown;
  for (const std::string& id : state.history) {
    const std::optional<size_t> s = w.Step(id);
    if (s && w.steps[*s].visible && shown.insert(id).second) {
      timeline.entries.push_back({id, label(w.steps[*s]), TimelineEntry::kDone});
    }
  }
  const WorkflowStep& here = w.steps[*current];
  const bool seen_before = !timeline.entries.empty();
  if (here.visible) {
    timeline.entries.push_back({here.id, label(here), TimelineEntry::kCurrent});
  } else if (seen_before) {
    timeline.entries.back().status = TimelineEntry::kCurrent;  // A hidden step shows as the last one seen.
  }
  for (size_t s : WayAhead(w, *current)) {
    if (w.steps[s].visible) timeline.entries.push_back({w.steps[s].id, label(w.steps[s]), TimelineEntry::kNext});
  }
  if (!here.visible && !seen_before && !timeline.entries.empty()) {
    timeline.entries.front().status = TimelineEntry::kCurrent;  // Nothing seen yet: the first step ahead.
  }
  timeline.can_cancel = ShopperMayCancel(w, state);
  timeline.awaits_shopper = here.needs_shopper;
  for (const WorkflowTransition& t : w.transitions) {
    if (t.from == here.id && t.by_shopper) timeline.shopper_events.push_back(t.event);
  }
  return timeline;
}

}  // namespace relais
