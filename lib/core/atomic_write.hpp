// Writing files atomically (SPEC §0 "files written"): a temporary file in the same directory,
// fsynced, then renamed over the target. Used by probe inject --in-place, ocf new, ocf install.
//
// Rules (issue 15):
// - Replacing a file keeps its owner, group and (with keep_mode) its mode; when corral cannot
//   give the new file the old owner or group it refuses rather than change them.
// - A file with more than one hard link is refused (Error::input): a rename would detach the
//   name from the other links and leave them with the old content.
// - A symlink is followed deliberately: the resolved target is written (atomically, in the
//   target's directory); the link itself stays. A dangling link is refused (Error::input).
// - Without force an existing entry (file, symlink, dangling symlink) is never replaced: the final
//   step is renameat2(RENAME_NOREPLACE), or link()+unlink() where the file system lacks it.
// - Temporary files are registered while they exist; SIGINT/SIGTERM remove them (see
//   remove_temp_files()).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corral {

struct WriteOptions {
    bool force = false;     // replace an existing file
    unsigned mode = 0644;   // permission bits of a new file
    bool keep_mode = false; // replacing: keep the old file's permission bits instead of `mode`
    // false: a symbolic link at `path` is an entry like any other: with force the link itself is
    // replaced by the new file, never written through (ocf install: a link planted in
    // resource.d/PROVIDER/ must not redirect the write).
    bool follow_symlink = true;
};

// Writes `content` to `path` atomically; Error::usage "file exists; use --force" without force,
// Error::input for everything the file system refuses. Never leaves a partial or temporary file.
void write_file_atomic(const std::string& path, std::string_view content,
                       const WriteOptions& options = {});

// Several files changed together (multi-file --in-place): stage() writes every temporary file
// and checks every target first; commit() then renames them all. A failure in stage() changes no
// target; a failure during commit() (rare: the renames are the only step left) names the files
// already replaced. The destructor removes temporary files that were not committed.
class AtomicBatch {
public:
    AtomicBatch() = default;
    AtomicBatch(const AtomicBatch&) = delete;
    AtomicBatch& operator=(const AtomicBatch&) = delete;
    ~AtomicBatch();

    void stage(const std::string& path, std::string_view content, const WriteOptions& options);
    void commit();
    // Targets replaced by commit(), in order.
    const std::vector<std::string>& committed() const { return m_committed; }

private:
    struct Staged {
        std::string path;   // as named by the user
        std::string target; // the file that is replaced (symlinks resolved)
        std::string temp;
        bool force = false;
    };
    std::vector<Staged> m_staged;
    std::vector<std::string> m_committed;
};

// Async-signal-safe: unlinks every registered temporary file. Installed automatically as the
// SIGINT/SIGTERM handler while a temporary file exists and the signal had its default action;
// a program with its own handlers calls it from them.
extern "C" void corral_remove_temp_files() noexcept;

} // namespace corral
