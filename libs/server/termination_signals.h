// SIGTERM/SIGINT handling for servers: block the signals in every thread (call first thing in
// main, before any thread starts) and wait for one of them synchronously.
#pragma once

namespace civitas {

void BlockTerminationSignals();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace civitas
