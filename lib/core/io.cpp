#include "core/io.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace corral {

namespace fs = std::filesystem;

std::size_t max_input_bytes() {
    if (const char* env = std::getenv("CORRAL_MAX_INPUT_BYTES"); env != nullptr && *env != '\0') {
        char* end = nullptr;
        unsigned long long v = std::strtoull(env, &end, 10);
        if (end != nullptr && *end == '\0' && v > 0) {
            return static_cast<std::size_t>(v);
        }
    }
    return std::size_t{512} << 20; // 512 MiB
}

namespace {

std::string describe_errno(int err) {
    return std::strerror(err);
}

std::string read_fd(int fd, const std::string& name) {
    std::string content;
    std::size_t limit = max_input_bytes();
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if (static_cast<std::size_t>(st.st_size) > limit) {
            throw Error::input("input is " + std::to_string(st.st_size) +
                               " bytes, more than the limit of " + std::to_string(limit) +
                               " (CORRAL_MAX_INPUT_BYTES)")
                .at(name);
        }
        content.reserve(static_cast<std::size_t>(st.st_size));
    }
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw Error::input("cannot read: " + describe_errno(errno)).at(name);
        }
        if (n == 0) {
            break;
        }
        if (content.size() + static_cast<std::size_t>(n) > limit) {
            throw Error::input("input is larger than the limit of " + std::to_string(limit) +
                               " bytes (CORRAL_MAX_INPUT_BYTES)")
                .at(name);
        }
        content.append(buffer, static_cast<std::size_t>(n));
    }
    return content;
}

std::string_view file_type_name(mode_t mode) {
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a regular file";
}

} // namespace

int open_regular_file(const std::string& path, struct stat* out) {
    // O_NONBLOCK: opening a FIFO with no writer would block forever, past any --timeout.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        throw Error::input("cannot open: " + describe_errno(errno)).at(path);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        throw Error::input("cannot inspect: " + describe_errno(err)).at(path);
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error::input("is a directory, expected a file").at(path);
    }
    // /dev/null is the conventional empty input: it never blocks and never grows.
    bool dev_null = S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
    if (!S_ISREG(st.st_mode) && !dev_null) {
        ::close(fd);
        std::string type(file_type_name(st.st_mode));
        throw Error::input("is " + type + ", not a regular file (pipe data in on stdin with '-')")
            .at(path);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (out != nullptr) {
        *out = st;
    }
    return fd;
}

InputFile read_input(const std::string& path) {
    if (path == "-") {
        return {"<stdin>", read_fd(STDIN_FILENO, "<stdin>")};
    }
    int fd = open_regular_file(path);
    try {
        InputFile file{path, read_fd(fd, path)};
        ::close(fd);
        return file;
    } catch (...) {
        ::close(fd);
        throw;
    }
}

InputView::InputView(const std::string& path) : m_name(path == "-" ? "<stdin>" : path) {
    constexpr std::size_t map_from = std::size_t{1} << 20; // below 1 MiB a copy costs nothing
    if (path != "-") {
        struct stat st {};
        int fd = open_regular_file(path, &st);
        if (static_cast<std::size_t>(st.st_size) >= map_from) {
            auto size = static_cast<std::size_t>(st.st_size);
            if (size > max_input_bytes()) {
                ::close(fd);
                throw Error::input("input is " + std::to_string(size) +
                                   " bytes, more than the limit of " +
                                   std::to_string(max_input_bytes()) + " (CORRAL_MAX_INPUT_BYTES)")
                    .at(path);
            }
            void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
            ::close(fd);
            if (map != MAP_FAILED) {
                ::madvise(map, size, MADV_SEQUENTIAL);
                m_map = map;
                m_map_size = size;
                m_text = std::string_view(static_cast<const char*>(map), size);
                return;
            }
        } else {
            ::close(fd);
        }
    }
    m_owned = read_input(path).content;
    m_text = m_owned;
}

void InputView::release_before(std::size_t offset) const {
    if (m_map == nullptr) {
        return;
    }
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t end = std::min(offset, m_map_size) / page * page;
    if (end < m_released) {
        m_released = 0; // a new pass over the text: what it read again is in memory again
    }
    // Every 1 MiB at most: a streaming reader calls this once per document.
    if (end >= m_released + (std::size_t{1} << 20) ||
        (end == m_map_size / page * page && end > m_released)) {
        // MADV_DONTNEED on a private, never-written file mapping only drops this process's page
        // table entries; the next read maps the page-cache page again.
        ::madvise(static_cast<char*>(m_map) + m_released, end - m_released, MADV_DONTNEED);
        m_released = end;
    }
}

InputView::~InputView() {
    if (m_map != nullptr) {
        ::munmap(m_map, m_map_size);
    }
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& extensions) {
    std::vector<std::string> out;
    for (const auto& path : paths) {
        if (path == "-") {
            out.push_back(path);
            continue;
        }
        std::error_code ec;
        auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            throw Error::input("no such file or directory").at(path);
        }
        if (!fs::is_directory(status)) {
            out.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
             it.increment(ec)) {
            if (!it->is_regular_file(ec)) {
                continue;
            }
            std::string ext = it->path().extension().string();
            if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) {
                found.push_back(it->path().string());
            }
        }
        if (ec) {
            throw Error::input("cannot list directory: " + ec.message()).at(path);
        }
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

std::vector<InputFile> read_inputs(const std::vector<std::string>& paths) {
    std::vector<InputFile> files;
    for (const auto& path : expand_inputs(paths)) {
        files.push_back(read_input(path));
    }
    return files;
}

std::size_t find_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + extra >= s.size()) {
            return i;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid.
        static constexpr std::uint32_t min_for[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return i;
        }
        i += extra + 1;
    }
    return std::string_view::npos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

Position position_of(std::string_view text, std::size_t offset) {
    Position p;
    offset = std::min(offset, text.size());
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++p.column;
        }
    }
    return p;
}

void require_utf8(const InputFile& input) {
    std::size_t bad = find_invalid_utf8(input.content);
    if (bad == std::string_view::npos) {
        return;
    }
    Position p = position_of(input.content, bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(input.content[bad]));
    throw Error::input(std::string("invalid UTF-8 (byte ") + hex + "); is this a text file?")
        .at(input.name, p.line, p.column);
}

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (v == nullptr) {
            return std::nullopt;
        }
        return std::string(v);
    };
}

std::string read_secret_file(const std::string& path) {
    struct stat st {};
    int fd = open_regular_file(path, &st); // FIFOs, devices (/dev/zero) and directories refused
    if ((st.st_mode & S_IWOTH) != 0) {
        ::close(fd);
        throw Error::input("secret file is world-writable: anyone can replace the secret "
                           "(chmod o-w, better chmod 600)")
            .at(path);
    }
    if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        log::warn("{}: secret file is readable by {} (mode {}); chmod 600 it", path,
                  (st.st_mode & S_IROTH) != 0 ? "everyone" : "its group", mode);
    }
    std::string content;
    try {
        content = read_fd(fd, path);
        ::close(fd);
    } catch (...) {
        ::close(fd);
        throw;
    }
    // The first line is the secret (what `cat FILE` would hand a shell's $(...), minus the rest).
    content.resize(std::min(content.find('\n'), content.size()));
    if (!content.empty() && content.back() == '\r') {
        content.pop_back();
    }
    if (content.empty()) {
        throw Error::input("secret file is empty (the secret is its first line)").at(path);
    }
    return content;
}

} // namespace corral
