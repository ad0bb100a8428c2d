// Issue 15 "Files": owner/mode kept, hard links and symlinks, no-overwrite, multi-file batches,
// temporary files removed on SIGTERM.
#include "core/atomic_write.hpp"
#include "core/error.hpp"

#include "unit/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace corral;
namespace fs = std::filesystem;

namespace {

using corral::test::TempDir;

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

ErrorKind kind_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.kind();
    }
    FAIL("no error");
    return ErrorKind::internal;
}

} // namespace

TEST_CASE("replacing a file keeps its mode when asked", "[atomic]") {
    TempDir dir;
    std::string f = dir / "m.yaml";
    write(f, "old\n");
    ::chmod(f.c_str(), 0640);
    write_file_atomic(f, "new\n", {true, 0644, true});
    struct stat st {};
    REQUIRE(::stat(f.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(st.st_uid == ::geteuid());
    CHECK(read(f) == "new\n");
    CHECK(entries(dir.path) == 1);
}

TEST_CASE("a file with several hard links is refused and left alone", "[atomic]") {
    TempDir dir;
    std::string f = dir / "m.yaml";
    write(f, "old\n");
    REQUIRE(::link(f.c_str(), (dir / "other").c_str()) == 0);
    try {
        write_file_atomic(f, "new\n", {true, 0644, true});
        FAIL("written");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::input);
        CHECK(std::string(e.what()).find("2 hard links") != std::string::npos);
    }
    CHECK(read(f) == "old\n");
    CHECK(read(dir / "other") == "old\n");
    CHECK(entries(dir.path) == 2); // no temporary file left
}

TEST_CASE("a symlink is followed: its target is replaced, the link stays", "[atomic]") {
    TempDir dir;
    fs::create_directory(dir.path / "real");
    std::string target = dir / "real/m.yaml";
    write(target, "old\n");
    std::string link = dir / "link.yaml";
    REQUIRE(::symlink("real/m.yaml", link.c_str()) == 0);
    write_file_atomic(link, "new\n", {true, 0644, true});
    CHECK(fs::is_symlink(link));
    CHECK(read(target) == "new\n");
    CHECK(read(link) == "new\n");
    CHECK(entries(dir.path / "real") == 1);
}

TEST_CASE("a dangling symlink is an existing entry, never silently replaced", "[atomic]") {
    TempDir dir;
    std::string link = dir / "agent";
    REQUIRE(::symlink("/nonexistent/corral-target", link.c_str()) == 0);
    CHECK(kind_of([&] { write_file_atomic(link, "x", {false, 0755}); }) == ErrorKind::usage);
    CHECK(kind_of([&] { write_file_atomic(link, "x", {true, 0755}); }) == ErrorKind::input);
    CHECK(fs::is_symlink(link));
    CHECK(entries(dir.path) == 1);
}

TEST_CASE("no-overwrite loses the race to a file created after the check", "[atomic]") {
    TempDir dir;
    std::string f = dir / "new";
    AtomicBatch batch;
    batch.stage(f, "ours\n", {false, 0644});
    write(f, "theirs\n"); // appears between the check and the rename
    CHECK(kind_of([&] { batch.commit(); }) == ErrorKind::usage);
    CHECK(read(f) == "theirs\n");
    CHECK(entries(dir.path) == 1);
}

TEST_CASE("a batch changes no file when one of them cannot be staged", "[atomic]") {
    TempDir dir;
    std::string a = dir / "a.yaml";
    std::string b = dir / "b.yaml";
    write(a, "a\n");
    write(b, "b\n");
    REQUIRE(::link(b.c_str(), (dir / "b-link").c_str()) == 0);
    {
        AtomicBatch batch;
        batch.stage(a, "A\n", {true, 0644, true});
        CHECK(kind_of([&] { batch.stage(b, "B\n", {true, 0644, true}); }) == ErrorKind::input);
    } // destroyed without commit
    CHECK(read(a) == "a\n");
    CHECK(read(b) == "b\n");
    CHECK(entries(dir.path) == 3);

    AtomicBatch batch;
    batch.stage(a, "A\n", {true, 0644, true});
    batch.stage(dir / "c.yaml", "C\n", {false, 0644});
    batch.commit();
    CHECK(batch.committed() == std::vector<std::string>{a, dir / "c.yaml"});
    CHECK(read(a) == "A\n");
    CHECK(read(dir / "c.yaml") == "C\n");
}

TEST_CASE("follow_symlink false: a link at the target is replaced, never written through",
          "[atomic]") {
    TempDir dir;
    std::string outside = dir / "outside";
    write(outside, "keep\n");
    std::string link = dir / "agent";
    REQUIRE(::symlink(outside.c_str(), link.c_str()) == 0);
    WriteOptions options;
    options.mode = 0755;
    options.follow_symlink = false;
    try {
        write_file_atomic(link, "new\n", options);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        CHECK(e.message() == "a symbolic link exists; use --force to replace it");
    }
    options.force = true;
    write_file_atomic(link, "new\n", options);
    CHECK_FALSE(fs::is_symlink(link));
    CHECK(read(link) == "new\n");
    CHECK(read(outside) == "keep\n");
    CHECK((fs::status(link).permissions() & fs::perms::all) == static_cast<fs::perms>(0755));
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("SIGTERM during a write removes the temporary file", "[atomic]") {
    TempDir dir;
    std::string f = dir / "m.yaml";
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::signal(SIGTERM, SIG_DFL);
        AtomicBatch batch;
        batch.stage(f, "partial\n", {false, 0644});
        ::raise(SIGTERM); // as if killed between writing and renaming
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(entries(dir.path) == 0);
}
