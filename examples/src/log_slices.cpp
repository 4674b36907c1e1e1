// Log slices of the example service.
//
// leak-retained-subview reports `indexLog`: to show each log's first line, the
// index keeps a string_view into the whole file plus a shared_ptr to the file
// so the view stays valid, so every indexed log stays in memory in full.
// `indexLogTitle` next to it copies the line out and the file is freed on
// return. `keepLastChunk` / `keepLastChunkFitted` are the same pair for a
// read buffer that is trimmed and kept with its 1 MiB capacity.
#include <fstream>
#include <ios>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct IndexedLog {
  std::shared_ptr<const std::string> contents; // keeps firstLine valid
  std::string_view firstLine;
};

std::map<std::string, IndexedLog> logIndex;
std::map<std::string, std::string> logTitles;
std::vector<std::vector<char>> recentChunks;

std::string readLog(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return {};
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

} // namespace

// Retains the whole file for a first line of a few dozen bytes.
void indexLog(const std::string &path) {
  auto contents = std::make_shared<const std::string>(readLog(path));
  std::string_view all = *contents;
  logIndex[path] = IndexedLog{contents, all.substr(0, all.find('\n'))};
}

// Copies the first line out; the file is released when the function returns.
void indexLogTitle(const std::string &path) {
  std::string contents = readLog(path);
  std::string_view all = contents;
  logTitles[path] = std::string(all.substr(0, all.find('\n')));
}

// Keeps a 1 MiB capacity for whatever the last read returned.
void keepLastChunk(std::ifstream &in) {
  std::vector<char> chunk(1 << 20);
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<std::size_t>(in.gcount()));
  recentChunks.push_back(std::move(chunk));
}

// Gives the unused capacity back before keeping the chunk.
void keepLastChunkFitted(std::ifstream &in) {
  std::vector<char> chunk(1 << 20);
  in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  chunk.resize(static_cast<std::size_t>(in.gcount()));
  chunk.shrink_to_fit();
  recentChunks.push_back(std::move(chunk));
}
