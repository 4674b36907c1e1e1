//===--- RetainedSubviewCheck.cpp - leak-retained-subview
//------------------===//
//
// Matches only functions that contain a candidate piece (an aliasing
// shared_ptr construction, a view-producing expression, a move or swap);
// everything else happens once at the end of the translation unit in
// RetainedSubviewAnalysis, where sizes are estimated lazily for the stores
// that reach long-lived storage (the lifetime model, Lifetime.h, decides
// which storage that is).
//
//===----------------------------------------------------------------------===//

#include "RetainedSubviewCheck.h"
#include "analysis/RetainedSubviewAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

static constexpr llvm::StringLiteral FunctionId = "fn";
static constexpr llvm::StringLiteral TUId = "tu";

RetainedSubviewCheck::RetainedSubviewCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LargeBufferBytes(Options.get("LargeBufferBytes", 65536ULL)),
      FactsOut(Options.get("FactsOut", "")),
      FactsIn(Options.get("FactsIn", "")) {}

RetainedSubviewCheck::~RetainedSubviewCheck() = default;

void RetainedSubviewCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LargeBufferBytes", LargeBufferBytes);
  Options.store(Opts, "FactsOut", FactsOut);
  Options.store(Opts, "FactsIn", FactsIn);
}

void RetainedSubviewCheck::registerMatchers(MatchFinder *Finder) {
  auto StdRecord = [](auto... Names) {
    return qualType(
        hasCanonicalType(hasDeclaration(cxxRecordDecl(hasAnyName(Names...)))));
  };
  auto Piece = stmt(anyOf(
      cxxConstructExpr(argumentCountIs(2),
                       hasType(StdRecord("::std::shared_ptr"))),
      callExpr(callee(functionDecl(hasAnyName("::std::move", "::std::swap")))),
      cxxMemberCallExpr(callee(cxxMethodDecl(
          hasAnyName("substr", "subspan", "first", "last", "data", "c_str",
                     "begin", "end", "cbegin", "cend", "swap")))),
      cxxConstructExpr(
          hasType(StdRecord("::std::basic_string_view", "::std::span"))),
      binaryOperator(hasAnyOperatorName("+", "-"), hasType(pointerType())),
      unaryOperator(hasOperatorName("&"),
                    hasUnaryOperand(ignoringParenImpCasts(anyOf(
                        arraySubscriptExpr(),
                        cxxOperatorCallExpr(hasOverloadedOperatorName("[]")),
                        memberExpr())))),
      returnStmt(hasReturnValue(ignoringParenImpCasts(declRefExpr(
          hasType(StdRecord("::std::vector", "::std::basic_string"))))))));
  Finder->addMatcher(functionDecl(isDefinition(),
                                  unless(isExpansionInSystemHeader()),
                                  hasBody(hasDescendant(Piece)))
                         .bind(FunctionId),
                     this);
  // Every TU has facts for the merge (its callers' stores), even one
  // without a candidate piece: the TU itself gives the context.
  if (!FactsOut.empty())
    Finder->addMatcher(
        functionDecl(isDefinition(), isExpansionInMainFile()).bind(TUId),
        this);
}

void RetainedSubviewCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Analysis || Context != Result.Context) {
    Context = Result.Context;
    Analysis = std::make_unique<leakhound::RetainedSubviewAnalysis>(
        *Context, LargeBufferBytes);
  }
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId))
    if (!F->isInvalidDecl() && !F->isDependentContext())
      Analysis->addFunction(F);
}

void RetainedSubviewCheck::onEndOfTranslationUnit() {
  if (!Analysis)
    return;
  if (FactsOut.empty() && !FactsIn.empty()) {
    std::string Err;
    if (std::optional<leakhound::Json> Merged =
            leakhound::readFactsFile(FactsIn, Err)) {
      if (const leakhound::Json *S = leakhound::factsSection(
              *Merged, leakhound::RetainedSubviewCheckName))
        Analysis->useFacts(*S);
    } else {
      configurationDiag("%0") << Err;
    }
  }
  std::vector<leakhound::RetentionFinding> Findings = Analysis->run();
  for (const leakhound::RetentionFinding &R : Findings) {
    bool HasFix = !R.FixText.empty();
    {
      DiagnosticBuilder Diag = diag(R.Loc, "%0")
                               << leakhound::retentionMessage(R);
      Diag << R.Range;
      if (HasFix && R.FixInsertAfter.empty() && R.FixInsertLoc.isValid())
        Diag << FixItHint::CreateInsertion(R.FixInsertLoc, R.FixText);
      else if (HasFix && !R.FixInsertAfter.empty())
        Diag << FixItHint::CreateInsertion(R.FixInsertLoc, R.FixText)
             << FixItHint::CreateInsertion(
                    Lexer::getLocForEndOfToken(R.FixRange.getEnd(), 0,
                                               Context->getSourceManager(),
                                               Context->getLangOpts()),
                    R.FixInsertAfter);
      else if (HasFix)
        Diag << FixItHint::CreateReplacement(R.FixRange, R.FixText);
    }
    for (const auto &[Loc, Text] : leakhound::retentionNotes(R, !HasFix))
      diag(Loc, "%0", DiagnosticIDs::Note) << Text;
  }
  if (!FactsOut.empty()) {
    llvm::SmallString<256> Path(FactsOut);
    llvm::sys::path::append(Path,
                            leakhound::RetainedSubviewCheckName + ".json");
    std::string Err;
    if (!leakhound::writeFileAtomically(Path, Analysis->facts().dump() + "\n",
                                        Err))
      configurationDiag("%0") << Err;
  }
  Analysis.reset();
  Context = nullptr;
}

} // namespace clang::tidy::leak
