//===--- FlatMap.h - a small sorted map stored in one vector ----*- C++ -*-===//
//
// The dataflow analyses copy, join and compare whole states at every block
// edge. Their maps are small (tens of entries), so a sorted vector beats a
// node-based std::map: a copy is one allocation, iteration is a linear scan,
// and equality is a memcmp-like walk. The interface is the subset of
// std::map the analyses use, with the same ordering (iteration is sorted by
// key, so results stay deterministic).
//
// Unlike std::map, inserting or erasing invalidates iterators and references
// into the map: do not hold one across an insertion.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKHOUND_ANALYSIS_FLATMAP_H
#define LEAKHOUND_ANALYSIS_FLATMAP_H

#include "llvm/ADT/SmallVector.h"
#include <algorithm>
#include <utility>

namespace leakhound {

template <typename K, typename V, unsigned N = 4> class FlatMap {
public:
  using value_type = std::pair<K, V>;
  using Storage = llvm::SmallVector<value_type, N>;
  using iterator = typename Storage::iterator;
  using const_iterator = typename Storage::const_iterator;

  iterator begin() { return Items.begin(); }
  iterator end() { return Items.end(); }
  const_iterator begin() const { return Items.begin(); }
  const_iterator end() const { return Items.end(); }
  bool empty() const { return Items.empty(); }
  size_t size() const { return Items.size(); }
  void clear() { Items.clear(); }

  iterator find(const K &Key) {
    iterator It = lowerBound(Key);
    return It != Items.end() && It->first == Key ? It : Items.end();
  }
  const_iterator find(const K &Key) const {
    return const_cast<FlatMap *>(this)->find(Key);
  }
  size_t count(const K &Key) const { return find(Key) != end(); }

  template <typename... Args>
  std::pair<iterator, bool> try_emplace(const K &Key, Args &&...A) {
    iterator It = lowerBound(Key);
    if (It != Items.end() && It->first == Key)
      return {It, false};
    It = Items.insert(It, value_type(Key, V(std::forward<Args>(A)...)));
    return {It, true};
  }
  V &operator[](const K &Key) { return try_emplace(Key).first->second; }

  iterator erase(iterator It) { return Items.erase(It); }
  size_t erase(const K &Key) {
    iterator It = find(Key);
    if (It == Items.end())
      return 0;
    Items.erase(It);
    return 1;
  }
  /// Removes every entry for which \p Pred(entry) holds, in one pass.
  template <typename Pred> void eraseIf(Pred P) {
    Items.erase(std::remove_if(Items.begin(), Items.end(), P), Items.end());
  }

  /// Joins \p From into this map in one linear walk over both: \p Both
  /// (V &Into, const V &From) for keys in both, \p OnlyHere(V &) for keys
  /// only in this map, \p OnlyThere(const V &) -> V for keys only in
  /// \p From, whose result is inserted. The callbacks return whether they
  /// changed anything; so does mergeFrom (an insertion is a change).
  template <typename BothFn, typename HereFn, typename ThereFn>
  bool mergeFrom(const FlatMap &From, BothFn Both, HereFn OnlyHere,
                 ThereFn OnlyThere) {
    bool Changed = false, NewKeys = false;
    auto I = Items.begin(), IE = Items.end();
    auto J = From.Items.begin(), JE = From.Items.end();
    while (I != IE || J != JE) {
      if (J == JE || (I != IE && I->first < J->first)) {
        Changed |= OnlyHere(I->second);
        ++I;
      } else if (I == IE || J->first < I->first) {
        NewKeys = true;
        ++J;
      } else {
        Changed |= Both(I->second, J->second);
        ++I;
        ++J;
      }
    }
    if (!NewKeys)
      return Changed;
    // Rebuild with the new keys in place (rare once a fixpoint nears).
    Storage Out;
    Out.reserve(Items.size() + From.Items.size());
    I = Items.begin();
    for (J = From.Items.begin(); J != JE; ++J) {
      while (I != IE && I->first < J->first)
        Out.push_back(std::move(*I++));
      if (I != IE && I->first == J->first)
        Out.push_back(std::move(*I++));
      else
        Out.push_back(value_type(J->first, OnlyThere(J->second)));
    }
    while (I != IE)
      Out.push_back(std::move(*I++));
    Items = std::move(Out);
    return true;
  }

  bool operator==(const FlatMap &O) const { return Items == O.Items; }
  bool operator!=(const FlatMap &O) const { return !(*this == O); }

private:
  iterator lowerBound(const K &Key) {
    return std::lower_bound(
        Items.begin(), Items.end(), Key,
        [](const value_type &E, const K &Key) { return E.first < Key; });
  }
  Storage Items;
};

} // namespace leakhound

#endif
