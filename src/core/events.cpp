// SPDX-License-Identifier: Apache-2.0
// Compiles the naming and describing of events (include/opswheel/impl/events-inl.hpp) into the opswheel library.
#include <opswheel/impl/events-inl.hpp>
