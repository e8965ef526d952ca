// SPDX-License-Identifier: Apache-2.0
// Compiles the calendar (include/opswheel/impl/calendar-inl.hpp) into the opswheel library.
#include <opswheel/impl/calendar-inl.hpp>
