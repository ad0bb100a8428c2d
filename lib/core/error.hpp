// Errors travel as one exception type to one place (cli/main.cpp) that prints them and picks the
// exit code of SPEC.md §0. Functions whose failure is ordinary return values; they throw
// corral::Error only to stop and report.
#pragma once

#include <exception>
#include <string>

namespace corral {

// What went wrong, and the process exit code that reports it (SPEC.md §0): the value of each kind
// is its exit status, so `static_cast<int>(kind)` is what main() returns.
enum class ErrorKind : int {
    ok = 0,
    check = 1,        // lint errors, failed test, verify failed, fewer tasks fit than asked
    usage = 2,        // bad flags or arguments
    input = 3,        // invalid input data, missing file
    remote = 4,       // unreachable, timeout, HTTP or Kafka error
    internal = 5,     // a bug or an unusable installation
    interrupted = 130 // SIGINT/SIGTERM
};

constexpr int exit_code(ErrorKind kind) {
    return static_cast<int>(kind);
}

// One-line error: "<file>:<line>:<col>: <field path>: <what is wrong>", parts omitted when unknown.
class Error : public std::exception {
public:
    Error(ErrorKind kind, std::string message) : m_kind(kind), m_message(std::move(message)) {
        rebuild();
    }

    static Error usage(std::string message) { return {ErrorKind::usage, std::move(message)}; }
    static Error input(std::string message) { return {ErrorKind::input, std::move(message)}; }
    static Error remote(std::string message) { return {ErrorKind::remote, std::move(message)}; }
    static Error internal(std::string message) { return {ErrorKind::internal, std::move(message)}; }
    static Error check(std::string message) { return {ErrorKind::check, std::move(message)}; }

    // Fluent location setters; each returns *this so `throw Error::input(..).at(f, l)` reads well.
    Error& at(std::string file, int line = 0, int column = 0);
    Error& field(std::string path);

    ErrorKind kind() const { return m_kind; }
    int exit_code() const { return corral::exit_code(m_kind); }
    const std::string& file() const { return m_file; }
    int line() const { return m_line; }
    int column() const { return m_column; }
    const std::string& path() const { return m_path; }
    const std::string& message() const { return m_message; }

    // The formatted line without the "corral: " prefix.
    const char* what() const noexcept override { return m_what.c_str(); }

private:
    void rebuild();

    ErrorKind m_kind;
    std::string m_message;
    std::string m_file;
    int m_line = 0;
    int m_column = 0;
    std::string m_path;
    std::string m_what;
};

// Levenshtein distance, for "did you mean" suggestions (ninja's SpellcheckString).
std::size_t edit_distance(const std::string& a, const std::string& b);

// The closest candidate within a small distance, or "" when nothing is close.
template <typename Range>
std::string did_you_mean(const std::string& word, const Range& candidates) {
    // Up to two edits for short words, three for longer ones (ninja's SpellcheckString allows 3).
    std::size_t limit = word.size() <= 6 ? 2 : 3;
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        std::string candidate(c);
        std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = std::move(candidate);
        }
    }
    return best;
}

} // namespace corral
