//===--- OwnershipTransfer.cpp - the statements' transfer functions -------===//
//
// What each statement the CFG lists does to the state of FunctionAnalysis:
// the transfer functions of the ownership dataflow.
//
//  * Calls (handleCall): the callee's call model (OwnershipCalls.cpp) is
//    applied to each argument and `this`; a pointer result of an allocator
//    is a new object; realloc moves the contents to the new block and
//    releases the old one. A call whose arguments carry nothing tracked and
//    whose result cannot be fresh is skipped without computing its model.
//    Virtual calls that may reach an unseen override have no callee.
//    `std::unique_ptr::release()` hands memory back to the caller.
//  * Constructions (handleConstruct), `new` and `delete`, throw, asm,
//    lambda captures and pointer-to-integer casts (escapes).
//  * Assignments (handleAssign) and declarations (handleDecl, handleInit,
//    member by member through initializer lists); integer facts of
//    variables tested in several conditions are set or killed here.
//  * Returns (handleReturn): the returned memory leaves the function, and
//    in the reporting pass it feeds the summary's return fields.
//  * `p = realloc(p, n)` that loses the only reference to `p` on failure is
//    reported here (checkRealloc), unless every path on which `p` is null
//    ends the process (OwnershipNoReturn.cpp). In a loop, the block moved
//    is the earlier iteration's.
// After a full statement (an expression whose value nothing consumes, or a
// statement) the leak detector (collect, OwnershipReports.cpp) runs.
//
//===----------------------------------------------------------------------===//

#include "OwnershipEngine.h"
#include "PointerOffset.h"
#include "ExprUtils.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace leakhound {
namespace ownership {

bool sameLValue(const Expr *X, const Expr *Y) {
  X = X->IgnoreParenImpCasts();
  Y = Y->IgnoreParenImpCasts();
  if (X->getStmtClass() != Y->getStmtClass())
    return false;
  if (const auto *DX = dyn_cast<DeclRefExpr>(X))
    return DX->getDecl() == cast<DeclRefExpr>(Y)->getDecl();
  if (const auto *MX = dyn_cast<MemberExpr>(X)) {
    const auto *MY = cast<MemberExpr>(Y);
    return MX->getMemberDecl() == MY->getMemberDecl() &&
           MX->isArrow() == MY->isArrow() &&
           sameLValue(MX->getBase(), MY->getBase());
  }
  if (const auto *AX = dyn_cast<ArraySubscriptExpr>(X)) {
    const auto *AY = cast<ArraySubscriptExpr>(Y);
    return sameLValue(AX->getBase(), AY->getBase()) &&
           sameLValue(AX->getIdx(), AY->getIdx());
  }
  if (const auto *UX = dyn_cast<UnaryOperator>(X))
    return UX->getOpcode() == cast<UnaryOperator>(Y)->getOpcode() &&
           sameLValue(UX->getSubExpr(), cast<UnaryOperator>(Y)->getSubExpr());
  if (const auto *IX = dyn_cast<IntegerLiteral>(X))
    return IX->getValue() == cast<IntegerLiteral>(Y)->getValue();
  if (isa<CXXThisExpr>(X))
    return true;
  return false;
}

bool FunctionAnalysis::isFull(const Stmt *St) const {
  // Statements are full; an expression is when no expression or statement
  // that consumes its value (a declaration, a return) comes after it.
  return !isa<Expr>(St) || FullExprs.contains(St);
}

void FunctionAnalysis::handleAssign(State &S, const BinaryOperator *BO) {
  if (BO->isCompoundAssignmentOp()) {
    killFact(S, BO->getLHS());
    return;
  }
  if (!BO->isAssignmentOp())
    return;
  const Expr *LHS = BO->getLHS(), *RHS = BO->getRHS();
  if (const auto *DR = dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts()))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      noteResultVar(V, RHS);
  if (const VarDecl *V = factVar(LHS, Scan)) {
    if (auto K = intConstant(RHS, Ctx))
      S.Facts[V] = {true, *K};
    else
      S.Facts.erase(V);
  } else {
    killFact(S, LHS);
  }
  if (LHS->getType()->isRecordType()) {
    LValue L = lvalueOf(S, LHS);
    bool OwnedDest = !L.Untracked && L.Locs.size() == 1 && !weak(L.Locs[0]) &&
                     !callerMemory(L.Locs[0]);
    const Expr *R = ignoreTemporaries(RHS);
    if (const auto *CL = dyn_cast<CompoundLiteralExpr>(R))
      R = ignoreTemporaries(CL->getInitializer());
    if (OwnedDest && isa<InitListExpr>(R)) {
      // `b = (struct buf){.data = p}` into memory we own: field by field.
      unsigned Loc = L.Locs[0];
      S.Pts.eraseIf([&](const auto &E) { return isUnder(E.first, Loc); });
      handleInit(S, Loc, R, LHS->getType(), textOf(LHS, Ctx));
      return;
    }
    // A struct copy: pointers inside get a second copy; keep it simple.
    // Into memory we do not own, it hands off what it carries, including
    // what the caller's memory it is copied from holds.
    TargetSet V;
    recordContents(S, R, /*FromCaller=*/!OwnedDest, V);
    if (!L.Untracked)
      for (unsigned Loc : L.Locs)
        locContents(S, Loc, V);
    escapeAll(S, V);
    return;
  }
  if (Reporting)
    checkRealloc(S, BO);
  TargetSet V = valueOf(S, RHS);
  // Names only matter for memory: skip the source lookup for the rest.
  std::string Name;
  if (llvm::any_of(V, isObj))
    Name = textOf(LHS, Ctx);
  store(S, lvalueOf(S, LHS), V, Name);
}

void FunctionAnalysis::recordContents(State &S, const Expr *E, bool FromCaller,
                                      TargetSet &Out) {
  E = ignoreTemporaries(E);
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    E = ignoreTemporaries(CL->getInitializer());
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    if (IL->isSyntacticForm() && IL->getSemanticForm())
      IL = IL->getSemanticForm();
    for (const Expr *Sub : IL->inits()) {
      if (Sub->getType()->isRecordType() || Sub->getType()->isArrayType())
        recordContents(S, Sub, FromCaller, Out);
      else
        for (unsigned T : valueOf(S, Sub))
          if (T != NullTarget)
            addTarget(Out, T);
    }
    return;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (CE->getNumArgs() == 1)
      recordContents(S, CE->getArg(0), FromCaller, Out);
    return;
  }
  LValue LV = lvalueOf(S, E);
  if (LV.Untracked)
    return;
  for (unsigned L : LV.Locs) {
    locContents(S, L, Out);
    if (FromCaller && callerMemory(L))
      addTarget(Out, DeepObjs[Objs[Locs[L].RootObj].Param]);
  }
}

void FunctionAnalysis::handleInit(State &S, unsigned L, const Expr *Init,
                                  QualType T, const std::string &Name) {
  const Expr *E = Init->IgnoreParenImpCasts();
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    E = ignoreTemporaries(CL->getInitializer());
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    if (IL->isSyntacticForm() && IL->getSemanticForm())
      IL = IL->getSemanticForm();
    if (const auto *RT = T->getAs<RecordType>()) {
      const RecordDecl *RD = RT->getDecl();
      if (RD->isUnion()) {
        for (const Expr *Sub : IL->inits())
          escapeAll(S, valueOf(S, Sub));
        return;
      }
      unsigned I = 0;
      for (const FieldDecl *F : RD->fields()) {
        if (I >= IL->getNumInits())
          break;
        const Expr *Sub = IL->getInit(I++);
        handleInit(S, child(L, F), Sub, F->getType(),
                   Name + "." + F->getName().str());
      }
      return;
    }
    if (T->isArrayType()) {
      QualType ET = Ctx.getAsArrayType(T)->getElementType();
      for (const Expr *Sub : IL->inits())
        handleInit(S, child(L, nullptr), Sub, ET, Name + "[]");
      return;
    }
    if (IL->getNumInits() == 1)
      handleInit(S, L, IL->getInit(0), T, Name);
    return;
  }
  TargetSet V = valueOf(S, Init);
  if (V.empty() && T->isRecordType()) {
    // Copy-initialised from another local struct: escape what it holds.
    LValue R = lvalueOf(S, E);
    if (!R.Untracked)
      for (unsigned Src : R.Locs)
        locContents(S, Src, V);
    escapeAll(S, V);
    return;
  }
  LValue LV;
  LV.Locs.push_back(L);
  store(S, LV, V, Name);
}

void FunctionAnalysis::handleDecl(State &S, const VarDecl *V) {
  if (V->isStaticLocal() || V->hasExternalStorage() || !V->hasLocalStorage()) {
    if (const Expr *Init = V->getInit())
      escapeAll(S, valueOf(S, Init));
    return;
  }
  unsigned L = varLoc(V);
  // A new instance of the variable (a loop body): forget the old one's view.
  S.Pts.eraseIf([&](const auto &E) { return Locs[E.first].RootVar == V; });
  const Expr *Init = V->getInit();
  noteResultVar(V, Init);
  S.Facts.erase(V);
  if (Init && V->getType()->isIntegralOrEnumerationType()) {
    auto It = Scan.InConditions.find(V);
    if (It != Scan.InConditions.end() && It->second >= 2 &&
        !Scan.AddressTaken.count(V))
      if (auto K = intConstant(Init, Ctx))
        S.Facts[V] = {true, *K};
  }
  if (!Init)
    return;
  if (V->getType()->isReferenceType()) {
    escapeAll(S, valueOf(S, Init));
    return;
  }
  handleInit(S, L, Init, V->getType(), V->getName().str());
}

void FunctionAnalysis::handleReturn(State &S, const ReturnStmt *RS) {
  CurrentReturn = RS;
  const Expr *RV = RS->getRetValue();
  if (!RV)
    return;
  TargetSet V = valueOf(S, RV);
  // A pointer to an array member of a block this function tracks
  // (`return b->bytes;`, a flexible array member) points into the block.
  if (llvm::any_of(V, isAddr)) {
    TargetSet Mapped;
    for (unsigned T : V) {
      unsigned R = isAddr(T) ? Locs[T & ~AddrBit].RootObj : 0;
      addTarget(Mapped, R && (Objs[R].Kind == ObjKind::Alloc ||
                              Objs[R].Kind == ObjKind::CondFresh)
                            ? R
                            : T);
    }
    V = std::move(Mapped);
  }
  if (Reporting)
    noteOutReturn(S, RS, V);
  if (Reporting && A.mayCarry(FD->getReturnType())) {
    RetSeen = true;
    if (V.empty())
      Summary.RetOther = true;
    for (unsigned T : V) {
      if (T == NullTarget) {
        Summary.RetNull = true;
        continue;
      }
      if (!isObj(T)) {
        Summary.RetOther = true;
        continue;
      }
      const ObjInfo &I = Objs[T];
      if (I.Kind == ObjKind::Param) {
        // The caller's own pointer, handed back (summarise decides whether
        // callers can see it that way).
        Summary.RetParams.insert(I.Param);
        continue;
      }
      auto It = S.Objs.find(T);
      uint8_t Bits =
          It == S.Objs.end() ? uint8_t(BNull) : It->second.Bits;
      // Fresh only if no path kept a reference elsewhere or released it;
      // handed to functions of other TUs first (BCond), fresh unless one
      // of them keeps it (RetUnless, decided by the caller or the merge).
      bool Kept = Bits & (BEscaped | BReleased | BOut);
      bool Owned = Bits & (BOwned | BCond);
      auto Unless = [&] {
        if (It != S.Objs.end() && (Bits & BCond))
          for (unsigned D : It->second.Deps)
            Summary.RetUnless.insert(A.DepNames[D]);
      };
      if (I.Kind == ObjKind::Alloc && Owned && !Kept) {
        Summary.RetFresh = true;
        Unless();
        // An interior pointer (the payload after a header) is released by
        // the function that steps back, never by the block's deallocator.
        int64_t Off = I.RetOffset;
        if (!StoredVars)
          StoredVars = variablesStoredTo(FD->getBody());
        if (auto O = constantOffset(RV, Ctx, *StoredVars))
          Off += O->Bytes;
        RetDeallocs.insert(Off ? std::string() : I.Dealloc);
        RetOffsets.insert(Off);
        if (Bits & BNull)
          Summary.RetNull = true;
      } else if (I.Kind == ObjKind::CondFresh && Owned && !Kept) {
        Summary.RetDeps.insert(I.FreshUsrs.begin(), I.FreshUsrs.end());
        Unless();
      } else {
        Summary.RetOther = true;
      }
    }
  }
  // A parameter's pointee handed back is not kept by this function: the
  // summary says the result is that parameter (RetParams), or, when the
  // function returns other memory too, folds it into "taken".
  if (A.mayCarry(FD->getReturnType()))
    V.erase(std::remove_if(V.begin(), V.end(),
                           [&](unsigned T) {
                             return isObj(T) &&
                                    Objs[T].Kind == ObjKind::Param;
                           }),
            V.end());
  escapeAll(S, V);
  if (RV->getType()->isRecordType()) {
    TargetSet In;
    recordContents(S, RV, /*FromCaller=*/false, In);
    escapeAll(S, In);
  }
}

void FunctionAnalysis::checkRealloc(State &S, const BinaryOperator *BO) {
  const auto *CE = dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenCasts());
  if (!CE || CE->getNumArgs() < 1)
    return;
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || !A.modelFor(Callee, CE).Realloc ||
      !A.modelFor(Callee, CE).NullKeepsOld)
    return;
  const Expr *Old = CE->getArg(0)->IgnoreParenImpCasts();
  const Expr *LHS = BO->getLHS()->IgnoreParenImpCasts();
  if (!sameLValue(LHS, Old))
    return;
  // A local that is not the only reference to a block this function owns
  // (a parameter, an alias of one): on failure the caller still has it.
  LValue LV = lvalueOf(S, LHS);
  if (!LV.Untracked && !llvm::any_of(LV.Locs, [&](unsigned L) {
        return callerMemory(L);
      })) {
    if (LV.Locs.size() != 1)
      return;
    bool OnlyOwner = false;
    for (unsigned T : read(S, LV.Locs[0])) {
      if (!isObj(T) || isParamObj(T))
        return;
      unsigned Refs = 0;
      for (const auto &[K, V] : S.Pts)
        Refs += llvm::is_contained(V, T);
      OnlyOwner = Refs == 1;
    }
    if (!OnlyOwner)
      return;
  }
  // `p = realloc(p, n); if (!p) abort();`, or an assertion macro that
  // tests `p` later: the process ends on failure; nothing leaks.
  if (failurePathEnds(LHS))
    return;
  std::string Name = textOf(LHS, Ctx);
  std::string Fn = baseName(Callee->getName()).str();
  if (Name.empty())
    return;
  LeakReport R;
  R.Where = BO->getBeginLoc();
  R.Message = "memory pointed to by '" + Name + "' is leaked if '" + Fn +
              "' fails: '" + Name + "' is overwritten with null";
  R.Notes.push_back(
      {CE->getBeginLoc(), "assign the result of '" + Fn +
                              "' to a temporary pointer and keep '" + Name +
                              "' until the call succeeds"});
  A.addReport(std::move(R));
}

void FunctionAnalysis::handleConstruct(State &S, const CXXConstructExpr *CE) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor || CE->getNumArgs() == 0)
    return;
  if (Ctor->isCopyOrMoveConstructor() && Ctor->isTrivial())
    return;
  CallModel M = A.modelFor(Ctor, nullptr);
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const Expr *Arg = CE->getArg(I);
    ArgEffect E = I < M.Params.size() ? M.Params[I] : M.Rest;
    TargetSet V;
    if (I < Ctor->getNumParams() &&
        Ctor->getParamDecl(I)->getType()->isReferenceType()) {
      LValue LV = lvalueOf(S, Arg);
      if (!LV.Untracked)
        for (unsigned L : LV.Locs)
          addTarget(V, AddrBit | L);
      if (LV.Untracked && E.Deep.Kind != PartKind::Borrow)
        V = valueOf(S, Arg);
    } else {
      V = valueOf(S, Arg);
    }
    applyArg(S, V, E, "");
  }
}

void FunctionAnalysis::handleCall(State &S, const CallExpr *CE) {
  if (Reporting)
    checkThrowingCall(S, CE);
  const FunctionDecl *Callee = CE->getDirectCallee();
  const Expr *ThisArg = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    ThisArg = MC->getImplicitObjectArgument();
    Args.append(CE->arg_begin(), CE->arg_end());
  } else if (isa<CXXOperatorCallExpr>(CE) && MD && CE->getNumArgs() > 0) {
    ThisArg = CE->getArg(0);
    Args.append(CE->arg_begin() + 1, CE->arg_end());
  } else {
    Args.append(CE->arg_begin(), CE->arg_end());
  }
  // A virtual call may reach any override: its targets decide
  // (OwnershipIndirect.cpp). Sig keeps the parameter types.
  const FunctionDecl *Sig = Callee;
  if (MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !(MD->getParent() && MD->getParent()->hasAttr<FinalAttr>())) {
    const auto *ME = dyn_cast<MemberExpr>(CE->getCallee()->IgnoreParens());
    if (!ME || !ME->hasQualifier())
      Callee = nullptr;
  }

  // std::unique_ptr<T>::release(): the caller owns the pointer again.
  if (MD && MD->getName() == "release" && MD->getParent() &&
      MD->getParent()->isInStdNamespace() &&
      MD->getParent()->getName() == "unique_ptr" && A.tracksMemory()) {
    CallModel M;
    M.Ret = CallModel::RetFresh;
    M.MaybeNull = true;
    M.AllocName = "release";
    M.Dealloc = "delete";
    S.Vals[CE] = {allocate(S, CE, M)};
    return;
  }

  auto ArgValue = [&](const Expr *Arg, bool ByRef) {
    TargetSet V;
    if (ByRef) {
      LValue LV = lvalueOf(S, Arg);
      if (!LV.Untracked) {
        for (unsigned L : LV.Locs)
          addTarget(V, AddrBit | L);
        return V;
      }
    }
    V = valueOf(S, Arg);
    if (V.empty() && Arg->getType()->isRecordType()) {
      // A struct passed by value: the callee gets copies of its pointers.
      LValue LV = lvalueOf(S, Arg->IgnoreImplicit());
      if (!LV.Untracked)
        for (unsigned L : LV.Locs)
          addTarget(V, AddrBit | L);
    }
    return V;
  };
  // A callee modelled by its summary: when no argument carries anything
  // tracked, its effects on the arguments change nothing here, and its
  // result matters only if it can be fresh memory. Skipping the model then
  // spares computing the summaries of whole call trees (a logging call in
  // an allocator), with the same outcome.
  if (const FunctionDecl *Def = Callee ? A.summarisedDefinition(Callee)
                                       : nullptr;
      Def && !A.hasModel(Callee)) {
    auto Carries = [&](const TargetSet &V) {
      return llvm::any_of(V, [](unsigned T) { return T != NullTarget; });
    };
    bool AnyTracked = ThisArg && Carries(ArgValue(
                                     ThisArg,
                                     !ThisArg->getType()->isPointerType()));
    for (unsigned I = 0; I < Args.size() && !AnyTracked; ++I)
      AnyTracked = Carries(ArgValue(
          Args[I], I < Callee->getNumParams() &&
                       Callee->getParamDecl(I)->getType()->isReferenceType()));
    if (!AnyTracked && (!A.mayCarry(CE->getType()) ||
                        (!Callee->hasAttr<RestrictAttr>() &&
                         !A.mayAllocate(Def))))
      return;
  }
  if (!Callee) {
    // Without a tracked argument and a pointer result, whatever the
    // targets do changes nothing here: spare resolving them.
    bool AnyTracked =
        CE->getType()->isPointerType() ||
        (ThisArg && llvm::any_of(ArgValue(ThisArg,
                                          !ThisArg->getType()->isPointerType()),
                                 [](unsigned T) { return T != NullTarget; }));
    for (unsigned I = 0; I < Args.size() && !AnyTracked; ++I)
      AnyTracked = llvm::any_of(
          ArgValue(Args[I],
                   Sig && I < Sig->getNumParams() &&
                       Sig->getParamDecl(I)->getType()->isReferenceType()),
          [](unsigned T) { return T != NullTarget; });
    if (!AnyTracked)
      return;
  }
  CallModel M = A.modelFor(Callee, CE);
  if (!Callee) {
    if (!A.indirectModel(CE, M))
      A.targetsModel(CE, M);
  } else {
    condFreshDescriptor(CE, M);
  }
  // A result that is one of the arguments (memcpy's destination, a project
  // function that returns its parameter) holds what that argument held
  // before the call.
  TargetSet Aliased;
  if (M.Ret == CallModel::RetNone && !M.Realloc &&
      A.mayCarry(CE->getType()))
    for (unsigned K : M.RetArgs) {
      unsigned NParams = Sig ? Sig->getNumParams() : Args.size();
      const Expr *Arg = K < NParams && K < Args.size() ? Args[K]
                        : K == NParams                 ? ThisArg
                                                       : nullptr;
      if (Arg && A.mayCarry(Arg->getType()))
        unionInto(Aliased, valueOf(S, Arg));
    }
  std::string Why;
  if (M.Realloc && !Args.empty()) {
    // Read after allocating: in a loop, allocate renames the block an
    // earlier iteration got here (generation 1), which is the one moved.
    unsigned New = allocate(S, CE, M);
    TargetSet Old = valueOf(S, Args[0]);
    // The contents move to the new block.
    for (unsigned T : Old)
      if (isObj(T) && T != New) {
        std::vector<std::pair<unsigned, TargetSet>> Moved;
        for (const auto &[K, V] : S.Pts)
          if (Locs[K].RootObj == T && Locs[Locs[K].Parent].Obj == T)
            Moved.push_back({child(objRoot(New), Locs[K].Field), V});
        eraseHeapLocs(S, T);
        for (auto &[L, V] : Moved)
          unionInto(S.Pts[L], V);
        PartEffect Rel;
        Rel.Kind = PartKind::Release;
        setFate(S, T, Rel, "");
      }
    S.Vals[CE] = {New};
    return;
  }
  for (unsigned I = 0; I < Args.size(); ++I) {
    const ArgEffect &E = I < M.Params.size() ? M.Params[I] : M.Rest;
    bool ByRef = Sig && I < Sig->getNumParams() &&
                 Sig->getParamDecl(I)->getType()->isReferenceType();
    if (E.Self.Kind == PartKind::Release)
      Why = textOf(Args[I], Ctx);
    TargetSet V = ArgValue(Args[I], ByRef);
    if (V.empty() && Args[I]->getType()->isRecordType()) {
      // A struct value built in place (`f((struct buf){.data = p})`): the
      // callee gets copies of the pointers it carries.
      TargetSet In;
      recordContents(S, Args[I], /*FromCaller=*/false, In);
      ArgEffect Carried;
      Carried.Self = Carried.Deep = E.Deep;
      applyArg(S, In, Carried, "");
      continue;
    }
    applyArg(S, V, E, Why);
  }
  if (ThisArg) {
    bool Pointer = ThisArg->getType()->isPointerType();
    applyArg(S, ArgValue(ThisArg, !Pointer), M.This, "");
  }
  applyOuts(S, CE, M, Args);
  if (M.Ret != CallModel::RetNone && A.mayCarry(CE->getType()))
    S.Vals[CE] = {allocate(S, CE, M)};
  else if (!Aliased.empty())
    S.Vals[CE] = std::move(Aliased);
}

void FunctionAnalysis::transferStmt(State &S, const Stmt *St) {
  if (const auto *CE = dyn_cast<CallExpr>(St)) {
    handleCall(S, CE);
  } else if (const auto *CC = dyn_cast<CXXConstructExpr>(St)) {
    handleConstruct(S, CC);
  } else if (const auto *NE = dyn_cast<CXXNewExpr>(St)) {
    const FunctionDecl *OpNew = NE->getOperatorNew();
    bool Replaceable =
        !OpNew || OpNew->isReplaceableGlobalAllocationFunction();
    if (Replaceable && A.tracksMemory()) {
      CallModel M;
      M.Ret = CallModel::RetFresh;
      M.MaybeNull = NE->shouldNullCheckAllocation();
      M.AllocName = NE->isArray() ? "new[]" : "new";
      M.Dealloc = NE->isArray() ? "delete[]" : "delete";
      unsigned O = allocate(S, NE, M);
      S.Vals[NE] = {O};
      // A constructor that stores `this` where it outlives the call (a
      // list, a registry, a parent) hands the new object off: its summary
      // says what it does with its `this`.
      const CXXConstructExpr *Init = NE->getConstructExpr();
      const CXXConstructorDecl *Ctor = Init ? Init->getConstructor() : nullptr;
      if (Ctor && !NE->isArray() && !Ctor->isTrivial() &&
          A.ctorHandsOutThis(Ctor)) {
        CallModel CM = A.modelFor(Ctor, nullptr);
        ArgEffect Self;
        Self.Self = CM.This.Self;
        applyArg(S, {O}, Self, "");
      }
    } else {
      for (const Expr *P : NE->placement_arguments())
        escapeAll(S, valueOf(S, P));
    }
  } else if (const auto *DE = dyn_cast<CXXDeleteExpr>(St)) {
    PartEffect Rel;
    Rel.Kind = PartKind::Release;
    TargetSet V = valueOf(S, DE->getArgument());
    std::string Why = textOf(DE->getArgument(), Ctx);
    // A destructor that is not trivial runs first and may release what
    // the object holds: its members are handed to it, not lost.
    if (const CXXRecordDecl *RD = DE->getDestroyedType()->getAsCXXRecordDecl();
        RD && RD->hasDefinition() && !RD->hasTrivialDestructor()) {
      TargetSet In;
      for (unsigned T : V)
        if (isObj(T))
          contents(S, T, In);
      escapeAll(S, In);
    }
    for (unsigned T : V)
      if (isObj(T))
        setFate(S, T, Rel, Why);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
    handleAssign(S, BO);
  } else if (const auto *U = dyn_cast<UnaryOperator>(St)) {
    if (U->isIncrementDecrementOp())
      killFact(S, U->getSubExpr());
  } else if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        handleDecl(S, V);
  } else if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
    handleReturn(S, RS);
  } else if (const auto *C = dyn_cast<CastExpr>(St)) {
    if (C->getCastKind() == CK_PointerToIntegral)
      escapeAll(S, valueOf(S, C->getSubExpr()));
  } else if (const auto *L = dyn_cast<LambdaExpr>(St)) {
    for (const LambdaCapture &Cap : L->captures())
      if (Cap.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(Cap.getCapturedVar())) {
          TargetSet In;
          locContents(S, varLoc(V), In);
          escapeAll(S, In);
        }
  } else if (const auto *T = dyn_cast<CXXThrowExpr>(St)) {
    if (T->getSubExpr())
      escapeAll(S, valueOf(S, T->getSubExpr()));
  } else if (const auto *AS = dyn_cast<AsmStmt>(St)) {
    for (const Expr *E : AS->inputs())
      escapeAll(S, valueOf(S, E));
  }
  if (isFull(St)) {
    Event Ev;
    Ev.Loc = St->getBeginLoc();
    collect(S, Ev);
  }
}

} // namespace ownership
} // namespace leakhound
