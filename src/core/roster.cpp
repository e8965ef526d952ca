// SPDX-License-Identifier: Apache-2.0
// Compiles Roster's changes (include/opswheel/impl/roster-inl.hpp) into the opswheel library.
#include <opswheel/impl/roster-inl.hpp>
