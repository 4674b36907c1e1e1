//===--- RetainedSubviewReport.cpp - the words and facts of retained-subview ===//
//
// What leak-retained-subview says about a finding, shared by the check (its
// diagnostics) and the merge (findings that facts of other TUs confirm), so
// both front-ends print the same words; and the merge of the check's facts
// section (resolveRetainedSubviews in RetainedSubviewAnalysis.h; the TU's
// side of the section is written in RetainedSubviewAnalysis.cpp).
//
//===----------------------------------------------------------------------===//

#include "Lifetime.h"
#include "RetainedSubviewAnalysis.h"
#include "clang/AST/ASTContext.h"
#include <set>
#include <tuple>

using namespace clang;

namespace leakhound {

std::string retentionMessage(const RetentionFinding &R) {
  if (R.Form == RetentionFinding::Capacity)
    return "'" + R.Piece + "' keeps the capacity of its " + R.Size.describe() +
           " buffer alive in " + R.Dest + " after shrinking";
  std::string What =
      R.Form == RetentionFinding::Alias ? "aliasing shared_ptr" : "view";
  if (!R.Piece.empty())
    What += " '" + R.Piece + "'";
  return What + " keeps the whole " + R.Size.describe() + " buffer '" +
         R.Buffer + "' alive in " + R.Dest;
}

std::vector<std::pair<SourceLocation, std::string>>
retentionNotes(const RetentionFinding &R, bool WithFixHint) {
  std::vector<std::pair<SourceLocation, std::string>> N;
  if (R.StoreLoc.isValid())
    N.push_back({R.StoreLoc, "stored in " + R.Dest + " here"});
  if (R.Size.Loc.isValid()) {
    if (R.Size.Kind == SizeEstimate::Unbounded)
      N.push_back({R.Size.Loc,
                   "'" + R.Buffer + "' is filled from " + R.Size.Why + " here"});
    else if (R.Size.UpTo)
      N.push_back({R.Size.Loc, "'" + R.Buffer + "' takes its size from input "
                                                "here, up to " +
                                   std::to_string(R.Size.Bytes) + " bytes"});
    else
      N.push_back({R.Size.Loc, "'" + R.Buffer + "' reaches " +
                                   std::to_string(R.Size.Bytes) +
                                   " bytes here"});
  }
  if (R.ShrinkLoc.isValid())
    N.push_back({R.ShrinkLoc, "'" + R.Piece + "' is shrunk here"});
  if (R.OwnerLoc.isValid())
    N.push_back({R.OwnerLoc, "the whole buffer is kept alive here"});
  if (!WithFixHint)
    return N;
  if (R.Form == RetentionFinding::Alias)
    N.push_back({R.Loc, "copy the piece into its own allocation instead of "
                        "aliasing '" +
                            R.Buffer + "'"});
  else if (R.Form == RetentionFinding::View)
    N.push_back({R.Loc, "store a copy of the piece (e.g. 'std::string(...)') "
                        "instead of keeping '" +
                            R.Buffer + "' alive"});
  else
    N.push_back(
        {R.Loc, "call '" + R.Piece + ".shrink_to_fit()' before storing it"});
  return N;
}

static void replaceAll(std::string &S, llvm::StringRef From,
                       const std::string &To) {
  for (size_t Pos = S.find(From.str()); Pos != std::string::npos;
       Pos = S.find(From.str(), Pos + To.size()))
    S.replace(Pos, From.size(), To);
}

std::vector<FactFinding> resolveRetainedSubviews(const Json &Merged) {
  std::vector<FactFinding> Out;
  const Json *Section = factsSection(Merged, RetainedSubviewCheckName);
  if (!Section || !Section->is_object())
    return Out;
  auto L = Section->find("lifetime");
  auto P = Section->find("pending");
  if (L == Section->end() || !L->is_object() || P == Section->end() ||
      !P->is_array())
    return Out;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Seen;
  for (const Json &X : *P) {
    if (!X.is_object() || !X.contains("if") || !X["if"].is_string() ||
        !X.contains("key") || !X["key"].is_string() || !X.contains("finding"))
      continue;
    std::optional<std::string> D = Lifetime::mergedCondition(
        *L, X["if"].get<std::string>(), X["key"].get<std::string>());
    if (!D)
      continue;
    std::optional<FactFinding> F = FactFinding::fromJson(X["finding"]);
    if (!F)
      continue;
    std::string Desc = *D;
    replaceAll(F->Message, StoragePlaceholder, Desc);
    for (FactNote &N : F->Notes)
      replaceAll(N.Message, StoragePlaceholder, Desc);
    if (Seen.insert({F->Where.File, F->Where.Line, F->Where.Column, F->Message})
            .second)
      Out.push_back(std::move(*F));
  }
  return Out;
}

} // namespace leakhound
