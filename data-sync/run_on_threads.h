// A TaskRunner (snapshot_builder.h) for native tools: independent tasks on threads of their own.
#ifndef RELAIS_DATA_SYNC_RUN_ON_THREADS_H_
#define RELAIS_DATA_SYNC_RUN_ON_THREADS_H_

#include <functional>
#include <span>

namespace relais {

// Runs every task, the first on the calling thread and each other one on a new thread, and returns when
// all are done. An exception thrown by a task is rethrown here (the first one, in task order) once every
// task has ended.
void RunOnThreads(std::span<const std::function<void()>> tasks);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_RUN_ON_THREADS_H_
