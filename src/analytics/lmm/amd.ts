/*
 * Approximate minimum degree ordering: a TypeScript port of AMD_2, AMD_postorder and AMD_post_tree
 * from SuiteSparse AMD (version 3), without the debugging and statistics code.
 *
 * AMD, Copyright (c) 1996-2022, Timothy A. Davis, Patrick R. Amestoy, and Iain S. Duff.
 * All Rights Reserved. BSD 3-clause license:
 *
 *   Redistribution and use in source and binary forms, with or without modification, are
 *   permitted provided that the following conditions are met:
 *     * Redistributions of source code must retain the above copyright notice, this list of
 *       conditions and the following disclaimer.
 *     * Redistributions in binary form must reproduce the above copyright notice, this list of
 *       conditions and the following disclaimer in the documentation and/or other materials
 *       provided with the distribution.
 *     * Neither the name of the organizations to which the authors are affiliated, nor the
 *       names of its contributors may be used to endorse or promote products derived from this
 *       software without specific prior written permission.
 *   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS
 *   OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 *   MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 *   COPYRIGHT HOLDERS AND CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 *   EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE
 *   GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND
 *   ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
 *   NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED
 *   OF THE POSSIBILITY OF SUCH DAMAGE.
 *
 * Reference: P. Amestoy, T. A. Davis and I. S. Duff, "An approximate minimum degree ordering
 * algorithm", SIAM J. Matrix Anal. Appl. 17(4), 886–905, 1996. The variable names follow the C
 * code so that the two can be read side by side.
 */

const EMPTY = -1;
const flip = (i: number) => -i - 2;

function clearFlag(wflg: number, wbig: number, W: Int32Array, n: number): number {
  if (wflg < 2 || wflg >= wbig) {
    for (let x = 0; x < n; x++) if (W[x] !== 0) W[x] = 1;
    return 2;
  }
  return wflg;
}

/**
 * Fill-reducing order of a symmetric pattern given as an adjacency list (both directions, no
 * diagonal): returns `perm` with perm[k] = the node eliminated k-th.
 */
export function amdOrder(n: number, adjPtr: Int32Array, adjIdx: Int32Array): Int32Array {
  const nz = adjPtr[n]!;
  const iwlen = Math.max(nz + Math.floor(nz / 5) + 2 * n, 1);
  const Iw = new Int32Array(iwlen);
  Iw.set(adjIdx.subarray(0, nz));
  const Pe = new Int32Array(n);
  const Len = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    Pe[i] = adjPtr[i]!;
    Len[i] = adjPtr[i + 1]! - adjPtr[i]!;
  }
  const Nv = new Int32Array(n);
  const Next = new Int32Array(n);
  const Last = new Int32Array(n);
  const Head = new Int32Array(n);
  const Elen = new Int32Array(n);
  const Degree = new Int32Array(n);
  const W = new Int32Array(n);
  amd2(n, Pe, Iw, Len, iwlen, nz, Nv, Next, Last, Head, Elen, Degree, W);
  // amd2 leaves the inverse permutation in Next and the permutation in Last.
  return Last;
}

function amd2(
  n: number,
  Pe: Int32Array,
  Iw: Int32Array,
  Len: Int32Array,
  iwlen: number,
  pfreeIn: number,
  Nv: Int32Array,
  Next: Int32Array,
  Last: Int32Array,
  Head: Int32Array,
  Elen: Int32Array,
  Degree: Int32Array,
  W: Int32Array,
): void {
  let pfree = pfreeIn;
  let deg: number;
  let degme: number;
  let dext: number;
  let e: number;
  let elenme: number;
  let eln: number;
  let i: number;
  let ilast: number;
  let inext: number;
  let j: number;
  let jlast: number;
  let jnext: number;
  let k: number;
  let lenj: number;
  let ln: number;
  let nleft: number;
  let nvi: number;
  let nvj: number;
  let nvpiv: number;
  let slenme: number;
  let we: number;
  let wnvi: number;
  let ok: boolean;
  let hash: number;
  let p: number;
  let p1: number;
  let p2: number;
  let p3: number;
  let p4: number;
  let pdst: number;
  let pend: number;
  let pj: number;
  let pme: number;
  let pme1: number;
  let pme2: number;
  let pn: number;
  let psrc: number;

  let me = EMPTY;
  let mindeg = 0;
  let nel = 0;
  let lemax = 0;
  const aggressive = true;
  let dense = Math.floor(10 * Math.sqrt(n));
  dense = Math.max(16, dense);
  dense = Math.min(n, dense);

  for (i = 0; i < n; i++) {
    Last[i] = EMPTY;
    Head[i] = EMPTY;
    Next[i] = EMPTY;
    Nv[i] = 1;
    W[i] = 1;
    Elen[i] = 0;
    Degree[i] = Len[i]!;
  }
  const wbig = 2147483647 - n;
  let wflg = clearFlag(0, wbig, W, n);

  // Nodes of degree 0 are eliminated at once; dense nodes go last.
  for (i = 0; i < n; i++) {
    deg = Degree[i]!;
    if (deg === 0) {
      Elen[i] = flip(1);
      nel++;
      Pe[i] = EMPTY;
      W[i] = 0;
    } else if (deg > dense) {
      Nv[i] = 0;
      Elen[i] = EMPTY;
      nel++;
      Pe[i] = EMPTY;
    } else {
      inext = Head[deg]!;
      if (inext !== EMPTY) Last[inext] = i;
      Next[i] = inext;
      Head[deg] = i;
    }
  }

  while (nel < n) {
    // Pivot of minimum approximate degree.
    for (deg = mindeg; deg < n; deg++) {
      me = Head[deg]!;
      if (me !== EMPTY) break;
    }
    mindeg = deg;
    inext = Next[me]!;
    if (inext !== EMPTY) Last[inext] = EMPTY;
    Head[deg] = inext;

    elenme = Elen[me]!;
    nvpiv = Nv[me]!;
    nel += nvpiv;

    // Construct the new element Lme.
    Nv[me] = -nvpiv;
    degme = 0;
    if (elenme === 0) {
      pme1 = Pe[me]!;
      pme2 = pme1 - 1;
      for (p = pme1; p <= pme1 + Len[me]! - 1; p++) {
        i = Iw[p]!;
        nvi = Nv[i]!;
        if (nvi > 0) {
          degme += nvi;
          Nv[i] = -nvi;
          Iw[++pme2] = i;
          ilast = Last[i]!;
          inext = Next[i]!;
          if (inext !== EMPTY) Last[inext] = ilast;
          if (ilast !== EMPTY) Next[ilast] = inext;
          else Head[Degree[i]!] = inext;
        }
      }
    } else {
      p = Pe[me]!;
      pme1 = pfree;
      slenme = Len[me]! - elenme;
      for (let knt1 = 1; knt1 <= elenme + 1; knt1++) {
        if (knt1 > elenme) {
          e = me;
          pj = p;
          ln = slenme;
        } else {
          e = Iw[p++]!;
          pj = Pe[e]!;
          ln = Len[e]!;
        }
        for (let knt2 = 1; knt2 <= ln; knt2++) {
          i = Iw[pj++]!;
          nvi = Nv[i]!;
          if (nvi > 0) {
            if (pfree >= iwlen) {
              // Compress Iw: no room left for the new element.
              Pe[me] = p;
              Len[me] = Len[me]! - knt1;
              if (Len[me] === 0) Pe[me] = EMPTY;
              Pe[e] = pj;
              Len[e] = ln - knt2;
              if (Len[e] === 0) Pe[e] = EMPTY;
              for (j = 0; j < n; j++) {
                pn = Pe[j]!;
                if (pn >= 0) {
                  Pe[j] = Iw[pn]!;
                  Iw[pn] = flip(j);
                }
              }
              psrc = 0;
              pdst = 0;
              pend = pme1 - 1;
              while (psrc <= pend) {
                j = flip(Iw[psrc++]!);
                if (j >= 0) {
                  Iw[pdst] = Pe[j]!;
                  Pe[j] = pdst++;
                  lenj = Len[j]!;
                  for (let knt3 = 0; knt3 <= lenj - 2; knt3++) Iw[pdst++] = Iw[psrc++]!;
                }
              }
              p1 = pdst;
              for (psrc = pme1; psrc <= pfree - 1; psrc++) Iw[pdst++] = Iw[psrc]!;
              pme1 = p1;
              pfree = pdst;
              pj = Pe[e]!;
              p = Pe[me]!;
            }
            degme += nvi;
            Nv[i] = -nvi;
            Iw[pfree++] = i;
            ilast = Last[i]!;
            inext = Next[i]!;
            if (inext !== EMPTY) Last[inext] = ilast;
            if (ilast !== EMPTY) Next[ilast] = inext;
            else Head[Degree[i]!] = inext;
          }
        }
        if (e !== me) {
          // Absorb element e into me.
          Pe[e] = flip(me);
          W[e] = 0;
        }
      }
      pme2 = pfree - 1;
    }
    Degree[me] = degme;
    Pe[me] = pme1;
    Len[me] = pme2 - pme1 + 1;
    Elen[me] = flip(nvpiv + degme);

    // |Le \ Lme| for all elements e.
    wflg = clearFlag(wflg, wbig, W, n);
    for (pme = pme1; pme <= pme2; pme++) {
      i = Iw[pme]!;
      eln = Elen[i]!;
      if (eln > 0) {
        nvi = -Nv[i]!;
        wnvi = wflg - nvi;
        for (p = Pe[i]!; p <= Pe[i]! + eln - 1; p++) {
          e = Iw[p]!;
          we = W[e]!;
          if (we >= wflg) we -= nvi;
          else if (we !== 0) we = Degree[e]! + wnvi;
          W[e] = we;
        }
      }
    }

    // Degree update and element absorption.
    for (pme = pme1; pme <= pme2; pme++) {
      i = Iw[pme]!;
      p1 = Pe[i]!;
      p2 = p1 + Elen[i]! - 1;
      pn = p1;
      hash = 0;
      deg = 0;
      if (aggressive) {
        for (p = p1; p <= p2; p++) {
          e = Iw[p]!;
          we = W[e]!;
          if (we !== 0) {
            dext = we - wflg;
            if (dext > 0) {
              deg += dext;
              Iw[pn++] = e;
              hash += e;
            } else {
              Pe[e] = flip(me);
              W[e] = 0;
            }
          }
        }
      }
      Elen[i] = pn - p1 + 1;
      p3 = pn;
      p4 = p1 + Len[i]!;
      for (p = p2 + 1; p < p4; p++) {
        j = Iw[p]!;
        nvj = Nv[j]!;
        if (nvj > 0) {
          deg += nvj;
          Iw[pn++] = j;
          hash += j;
        }
      }
      if (Elen[i] === 1 && p3 === pn) {
        // Mass elimination: i is adjacent to me only.
        Pe[i] = flip(me);
        nvi = -Nv[i]!;
        degme -= nvi;
        nvpiv += nvi;
        nel += nvi;
        Nv[i] = 0;
        Elen[i] = EMPTY;
      } else {
        Degree[i] = Math.min(Degree[i]!, deg);
        Iw[pn] = Iw[p3]!;
        Iw[p3] = Iw[p1]!;
        Iw[p1] = me;
        Len[i] = pn - p1 + 1;
        hash = hash % n;
        j = Head[hash]!;
        if (j <= EMPTY) {
          Next[i] = flip(j);
          Head[hash] = flip(i);
        } else {
          Next[i] = Last[j]!;
          Last[j] = i;
        }
        Last[i] = hash;
      }
    }
    Degree[me] = degme;
    lemax = Math.max(lemax, degme);
    wflg += lemax;
    wflg = clearFlag(wflg, wbig, W, n);

    // Supervariable detection.
    for (pme = pme1; pme <= pme2; pme++) {
      i = Iw[pme]!;
      if (Nv[i]! < 0) {
        hash = Last[i]!;
        j = Head[hash]!;
        if (j === EMPTY) {
          i = EMPTY;
        } else if (j < EMPTY) {
          i = flip(j);
          Head[hash] = EMPTY;
        } else {
          i = Last[j]!;
          Last[j] = EMPTY;
        }
        while (i !== EMPTY && Next[i] !== EMPTY) {
          ln = Len[i]!;
          eln = Elen[i]!;
          for (p = Pe[i]! + 1; p <= Pe[i]! + ln - 1; p++) W[Iw[p]!] = wflg;
          jlast = i;
          j = Next[i]!;
          while (j !== EMPTY) {
            ok = Len[j] === ln && Elen[j] === eln;
            for (p = Pe[j]! + 1; ok && p <= Pe[j]! + ln - 1; p++) {
              if (W[Iw[p]!] !== wflg) ok = false;
            }
            if (ok) {
              Pe[j] = flip(i);
              Nv[i] = Nv[i]! + Nv[j]!;
              Nv[j] = 0;
              Elen[j] = EMPTY;
              j = Next[j]!;
              Next[jlast] = j;
            } else {
              jlast = j;
              j = Next[j]!;
            }
          }
          wflg++;
          i = Next[i]!;
        }
      }
    }

    // Finalise the new element.
    p = pme1;
    nleft = n - nel;
    for (pme = pme1; pme <= pme2; pme++) {
      i = Iw[pme]!;
      nvi = -Nv[i]!;
      if (nvi > 0) {
        Nv[i] = nvi;
        deg = Degree[i]! + degme - nvi;
        deg = Math.min(deg, nleft - nvi);
        inext = Head[deg]!;
        if (inext !== EMPTY) Last[inext] = i;
        Next[i] = inext;
        Last[i] = EMPTY;
        Head[deg] = i;
        mindeg = Math.min(mindeg, deg);
        Degree[i] = deg;
        Iw[p++] = i;
      }
    }
    Nv[me] = nvpiv;
    Len[me] = p - pme1;
    if (Len[me] === 0) {
      Pe[me] = EMPTY;
      W[me] = 0;
    }
    if (elenme !== 0) pfree = p;
  }

  // Postordering of the assembly tree.
  for (i = 0; i < n; i++) Pe[i] = flip(Pe[i]!);
  for (i = 0; i < n; i++) Elen[i] = flip(Elen[i]!);
  for (i = 0; i < n; i++) {
    if (Nv[i] === 0) {
      j = Pe[i]!;
      if (j === EMPTY) continue;
      while (Nv[j] === 0) j = Pe[j]!;
      e = j;
      j = i;
      while (Nv[j] === 0) {
        jnext = Pe[j]!;
        Pe[j] = e;
        j = jnext;
      }
    }
  }
  postorder(n, Pe, Nv, Elen, W, Head, Next, Last);
  for (k = 0; k < n; k++) {
    Head[k] = EMPTY;
    Next[k] = EMPTY;
  }
  for (e = 0; e < n; e++) {
    k = W[e]!;
    if (k !== EMPTY) Head[k] = e;
  }
  nel = 0;
  for (k = 0; k < n; k++) {
    e = Head[k]!;
    if (e === EMPTY) break;
    Next[e] = nel;
    nel += Nv[e]!;
  }
  for (i = 0; i < n; i++) {
    if (Nv[i] === 0) {
      e = Pe[i]!;
      if (e !== EMPTY) {
        Next[i] = Next[e]!;
        Next[e] = Next[e]! + 1;
      } else {
        Next[i] = nel++;
      }
    }
  }
  for (i = 0; i < n; i++) {
    k = Next[i]!;
    Last[k] = i;
  }
}

function postorder(
  nn: number,
  Parent: Int32Array,
  Nv: Int32Array,
  Fsize: Int32Array,
  Order: Int32Array,
  Child: Int32Array,
  Sibling: Int32Array,
  Stack: Int32Array,
): void {
  for (let j = 0; j < nn; j++) {
    Child[j] = EMPTY;
    Sibling[j] = EMPTY;
  }
  for (let j = nn - 1; j >= 0; j--) {
    if (Nv[j]! > 0) {
      const parent = Parent[j]!;
      if (parent !== EMPTY) {
        Sibling[j] = Child[parent]!;
        Child[parent] = j;
      }
    }
  }
  // The biggest child last in each list, so that its front is assembled last.
  for (let i = 0; i < nn; i++) {
    if (Nv[i]! > 0 && Child[i] !== EMPTY) {
      let fprev = EMPTY;
      let maxfrsize = EMPTY;
      let bigfprev = EMPTY;
      let bigf = EMPTY;
      for (let f = Child[i]!; f !== EMPTY; f = Sibling[f]!) {
        const frsize = Fsize[f]!;
        if (frsize >= maxfrsize) {
          maxfrsize = frsize;
          bigfprev = fprev;
          bigf = f;
        }
        fprev = f;
      }
      const fnext = Sibling[bigf]!;
      if (fnext !== EMPTY) {
        if (bigfprev === EMPTY) Child[i] = fnext;
        else Sibling[bigfprev] = fnext;
        Sibling[bigf] = EMPTY;
        Sibling[fprev] = bigf;
      }
    }
  }
  for (let i = 0; i < nn; i++) Order[i] = EMPTY;
  let k = 0;
  for (let i = 0; i < nn; i++) {
    if (Parent[i] === EMPTY && Nv[i]! > 0) k = postTree(i, k, Child, Sibling, Order, Stack);
  }
}

function postTree(
  root: number,
  kIn: number,
  Child: Int32Array,
  Sibling: Int32Array,
  Order: Int32Array,
  Stack: Int32Array,
): number {
  let k = kIn;
  let head = 0;
  Stack[0] = root;
  while (head >= 0) {
    const i = Stack[head]!;
    if (Child[i] !== EMPTY) {
      for (let f = Child[i]!; f !== EMPTY; f = Sibling[f]!) head++;
      let h = head;
      for (let f = Child[i]!; f !== EMPTY; f = Sibling[f]!) Stack[h--] = f;
      Child[i] = EMPTY;
    } else {
      head--;
      Order[i] = k++;
    }
  }
  return k;
}
