// Files only their owner may read: the InvenTree API token file (`--token-file`, the default
// token file) and the demo's token files beside the database.
//
// "Only the owner" is each platform's own notion. Linux: the file belongs to the effective user
// and its mode grants nothing to group or others (0600 or stricter). Windows: the file's
// discretionary access list lets no one but its owner, SYSTEM and the Administrators group read
// it (the state `icacls FILE /inheritance:r /grant:r "%USERNAME%:F"` leaves), since a Windows
// file has no mode bits and inherits its folder's access list by default.
//
// Nothing here keeps state; every function is safe from any thread.
#pragma once

#include <optional>
#include <string>

namespace kibridge::platform {

// Why `path` is not a private regular file, as the end of a sentence that starts with the file's
// name and says what to do ("has mode 0644, so other users can read or change it; run: chmod 600
// FILE"); nullopt when it is private. A file that does not exist or cannot be examined is a
// problem too ("does not exist or cannot be read"). Throws nothing.
std::optional<std::string> private_file_problem(const std::string& path);

// Replaces `path` with `content`, readable and writable by the current user only (mode 0600 even
// when the file existed with a wider mode; on Windows an owner-only access list that inherits
// nothing). Throws std::runtime_error ("cannot write PATH: reason") when it cannot.
void write_private_file(const std::string& path, const std::string& content);

}  // namespace kibridge::platform
