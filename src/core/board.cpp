// SPDX-License-Identifier: Apache-2.0
// Compiles the action-item board's queries (include/opswheel/impl/board-inl.hpp) into the opswheel library.
#include <opswheel/impl/board-inl.hpp>
