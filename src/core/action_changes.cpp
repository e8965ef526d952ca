// SPDX-License-Identifier: Apache-2.0
// Compiles reason_of (include/opswheel/impl/action_changes-inl.hpp) into the opswheel library.
#include <opswheel/impl/action_changes-inl.hpp>
