// SPDX-License-Identifier: Apache-2.0
// Compiles the history queries over an event log (include/opswheel/impl/history-inl.hpp) into the opswheel library.
#include <opswheel/impl/history-inl.hpp>
