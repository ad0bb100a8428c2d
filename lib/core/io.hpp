// Reading inputs (files, `-` for stdin, directories) and writing files atomically.
#pragma once

#include "core/atomic_write.hpp" // write_file_atomic, declared here before

#include <cstddef>
#include <cstdint>
#include <sys/types.h>

struct stat;
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral {

struct InputFile {
    std::string name; // as the user named it ("-" shows as "<stdin>")
    std::string content;
};

// Inputs larger than this are refused (SPEC: bounded memory). Override with CORRAL_MAX_INPUT_BYTES.
std::size_t max_input_bytes();

// Reads one file or "-" (stdin). Directories, unreadable files and oversized inputs are
// Error::input naming the path.
InputFile read_input(const std::string& path);

// One whole input as read-only text, for inputs of 100 MB and more. A large regular file is
// mapped rather than copied (its page-cache pages, no second buffer); stdin, pipes and small
// files are read as read_input() does. Same errors and size limit as read_input(). A file
// truncated by another process while it is being read ends the process with SIGBUS, as with
// every mmap reader (git, ripgrep): point it at a finished file.
class InputView {
public:
    explicit InputView(const std::string& path);
    InputView(const InputView&) = delete;
    InputView& operator=(const InputView&) = delete;
    ~InputView();

    const std::string& name() const { return m_name; }
    std::string_view text() const { return m_text; }
    // Gives the mapped pages wholly before `offset` back to the system (no-op for a copied
    // input). The text stays readable: a page read again comes back from the page cache. A
    // reader that streams a file calls it behind itself, so the process holds only what it has
    // not read yet, not the whole file. Offsets grow within a pass over the text; a smaller one
    // starts a new pass.
    void release_before(std::size_t offset) const;

private:
    std::string m_name;
    std::string m_owned;
    void* m_map = nullptr;
    std::size_t m_map_size = 0;
    mutable std::size_t m_released = 0; // pages before this were given back
    std::string_view m_text;
};

// Expands -f arguments: "-" stays, directories become their *.yaml|*.yml|*.json files (recursive,
// sorted byte-wise for stable output), files stay. A missing path is Error::input.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& extensions = {
                                           ".yaml", ".yml", ".json"});

// Reads every expanded input.
std::vector<InputFile> read_inputs(const std::vector<std::string>& paths);

// First offset at which `s` is not valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view s);

// Appends code point `cp` (at most U+10FFFF) encoded as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// 1-based line and column of byte `offset` in `text`.
struct Position {
    int line = 1;
    int column = 1;
};
Position position_of(std::string_view text, std::size_t offset);

// Rejects non-UTF-8 text with "file:line:col: invalid UTF-8 (byte 0xNN)".
void require_utf8(const InputFile& input);

// Opens a regular file for reading without ever blocking on the open (a FIFO given as a file
// would); FIFOs, devices, sockets and directories are Error::input naming the path. `st`, when
// given, receives its fstat. The caller closes the descriptor.
int open_regular_file(const std::string& path, struct stat* st = nullptr);

// The one reader of secret files (--secret-file, --sasl-password-file, *_FILE variables): a
// regular file only (not a FIFO or /dev/zero), not world-writable (Error::input), a warning when
// group- or world-readable (as ssh does); the secret is the first line without its line end;
// an empty secret is Error::input.
std::string read_secret_file(const std::string& path);

// Looks an environment variable up (nullopt when unset). Commands pass process_env(); tests pass
// their own, so that what is read from the environment is unit-tested without touching it.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

} // namespace corral
