// RUN: %check_leak %s leak-unfreed-allocation %t -- -isystem %inputs/unfreed-allocation
//
// Correlated tests of one unchanged variable hundreds of statements apart
// (with branches, loops, switches and calls in between): what holds in a
// five-line function holds in a long one.
#include <stdlib.h>
#include <string.h>

void work(void);
int step(int, int);

int no_leak_correlated_far_apart(int flag, int n, const char *name) {
  char *p = NULL;
  int x0 = n, x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5, x6 = 6, x7 = 7, x8 = 8, count = 0;
  if (flag)
    p = malloc(64);
  x0 = step(x0, 0);
  if (x1 > 1) {
    x2 = step(x2, x1);
    work();
  } else {
    count++;
  }
  work();
  for (int i3 = 0; i3 < x6; i3++)
    x7 = step(x7, i3);
  if ((x0 & 16) != 0)
    x1 = n + 4;
  switch (x3) {
  case 0:
    x4++;
    break;
  case 5:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x7 = (int)strlen(name) + 7;
  x8 = step(x8, 8);
  if (x0 > 9) {
    x1 = step(x1, x0);
    work();
  } else {
    count++;
  }
  work();
  for (int i11 = 0; i11 < x5; i11++)
    x6 = step(x6, i11);
  if ((x8 & 4) != 0)
    x0 = n + 12;
  switch (x2) {
  case 0:
    x3++;
    break;
  case 13:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x6 = (int)strlen(name) + 15;
  x7 = step(x7, 16);
  if (x8 > 17) {
    x0 = step(x0, x8);
    work();
  } else {
    count++;
  }
  work();
  for (int i19 = 0; i19 < x4; i19++)
    x5 = step(x5, i19);
  if ((x7 & 1) != 0)
    x8 = n + 20;
  switch (x1) {
  case 0:
    x2++;
    break;
  case 21:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x5 = (int)strlen(name) + 23;
  x6 = step(x6, 24);
  if (x7 > 25) {
    x8 = step(x8, x7);
    work();
  } else {
    count++;
  }
  work();
  for (int i27 = 0; i27 < x3; i27++)
    x4 = step(x4, i27);
  if ((x6 & 8) != 0)
    x7 = n + 28;
  switch (x0) {
  case 0:
    x1++;
    break;
  case 29:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x4 = (int)strlen(name) + 31;
  x5 = step(x5, 32);
  if (x6 > 33) {
    x7 = step(x7, x6);
    work();
  } else {
    count++;
  }
  work();
  for (int i35 = 0; i35 < x2; i35++)
    x3 = step(x3, i35);
  if ((x5 & 2) != 0)
    x6 = n + 36;
  switch (x8) {
  case 0:
    x0++;
    break;
  case 37:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x3 = (int)strlen(name) + 39;
  x4 = step(x4, 40);
  if (x5 > 41) {
    x6 = step(x6, x5);
    work();
  } else {
    count++;
  }
  work();
  for (int i43 = 0; i43 < x1; i43++)
    x2 = step(x2, i43);
  if ((x4 & 16) != 0)
    x5 = n + 44;
  switch (x7) {
  case 0:
    x8++;
    break;
  case 45:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x2 = (int)strlen(name) + 47;
  x3 = step(x3, 48);
  if (x4 > 49) {
    x5 = step(x5, x4);
    work();
  } else {
    count++;
  }
  work();
  for (int i51 = 0; i51 < x0; i51++)
    x1 = step(x1, i51);
  if ((x3 & 4) != 0)
    x4 = n + 52;
  switch (x6) {
  case 0:
    x7++;
    break;
  case 53:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x1 = (int)strlen(name) + 55;
  x2 = step(x2, 56);
  if (x3 > 57) {
    x4 = step(x4, x3);
    work();
  } else {
    count++;
  }
  work();
  for (int i59 = 0; i59 < x8; i59++)
    x0 = step(x0, i59);
  if ((x2 & 1) != 0)
    x3 = n + 60;
  switch (x5) {
  case 0:
    x6++;
    break;
  case 61:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x0 = (int)strlen(name) + 63;
  x1 = step(x1, 64);
  if (x2 > 65) {
    x3 = step(x3, x2);
    work();
  } else {
    count++;
  }
  work();
  for (int i67 = 0; i67 < x7; i67++)
    x8 = step(x8, i67);
  if ((x1 & 8) != 0)
    x2 = n + 68;
  switch (x4) {
  case 0:
    x5++;
    break;
  case 69:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x8 = (int)strlen(name) + 71;
  x0 = step(x0, 72);
  if (x1 > 73) {
    x2 = step(x2, x1);
    work();
  } else {
    count++;
  }
  work();
  for (int i75 = 0; i75 < x6; i75++)
    x7 = step(x7, i75);
  if ((x0 & 2) != 0)
    x1 = n + 76;
  switch (x3) {
  case 0:
    x4++;
    break;
  case 77:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x7 = (int)strlen(name) + 79;
  x8 = step(x8, 80);
  if (x0 > 81) {
    x1 = step(x1, x0);
    work();
  } else {
    count++;
  }
  work();
  for (int i83 = 0; i83 < x5; i83++)
    x6 = step(x6, i83);
  if ((x8 & 16) != 0)
    x0 = n + 84;
  switch (x2) {
  case 0:
    x3++;
    break;
  case 85:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x6 = (int)strlen(name) + 87;
  x7 = step(x7, 88);
  if (x8 > 89) {
    x0 = step(x0, x8);
    work();
  } else {
    count++;
  }
  work();
  for (int i91 = 0; i91 < x4; i91++)
    x5 = step(x5, i91);
  if ((x7 & 4) != 0)
    x8 = n + 92;
  switch (x1) {
  case 0:
    x2++;
    break;
  case 93:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x5 = (int)strlen(name) + 95;
  x6 = step(x6, 96);
  if (x7 > 97) {
    x8 = step(x8, x7);
    work();
  } else {
    count++;
  }
  work();
  for (int i99 = 0; i99 < x3; i99++)
    x4 = step(x4, i99);
  if ((x6 & 1) != 0)
    x7 = n + 100;
  switch (x0) {
  case 0:
    x1++;
    break;
  case 101:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x4 = (int)strlen(name) + 103;
  x5 = step(x5, 104);
  if (x6 > 105) {
    x7 = step(x7, x6);
    work();
  } else {
    count++;
  }
  work();
  for (int i107 = 0; i107 < x2; i107++)
    x3 = step(x3, i107);
  if ((x5 & 8) != 0)
    x6 = n + 108;
  switch (x8) {
  case 0:
    x0++;
    break;
  case 109:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x3 = (int)strlen(name) + 111;
  x4 = step(x4, 112);
  if (x5 > 113) {
    x6 = step(x6, x5);
    work();
  } else {
    count++;
  }
  work();
  for (int i115 = 0; i115 < x1; i115++)
    x2 = step(x2, i115);
  if ((x4 & 2) != 0)
    x5 = n + 116;
  switch (x7) {
  case 0:
    x8++;
    break;
  case 117:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x2 = (int)strlen(name) + 119;
  x3 = step(x3, 120);
  if (x4 > 121) {
    x5 = step(x5, x4);
    work();
  } else {
    count++;
  }
  work();
  for (int i123 = 0; i123 < x0; i123++)
    x1 = step(x1, i123);
  if ((x3 & 16) != 0)
    x4 = n + 124;
  switch (x6) {
  case 0:
    x7++;
    break;
  case 125:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x1 = (int)strlen(name) + 127;
  x2 = step(x2, 128);
  if (x3 > 129) {
    x4 = step(x4, x3);
    work();
  } else {
    count++;
  }
  work();
  for (int i131 = 0; i131 < x8; i131++)
    x0 = step(x0, i131);
  if ((x2 & 4) != 0)
    x3 = n + 132;
  switch (x5) {
  case 0:
    x6++;
    break;
  case 133:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x0 = (int)strlen(name) + 135;
  x1 = step(x1, 136);
  if (x2 > 137) {
    x3 = step(x3, x2);
    work();
  } else {
    count++;
  }
  work();
  for (int i139 = 0; i139 < x7; i139++)
    x8 = step(x8, i139);
  if ((x1 & 1) != 0)
    x2 = n + 140;
  switch (x4) {
  case 0:
    x5++;
    break;
  case 141:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x8 = (int)strlen(name) + 143;
  x0 = step(x0, 144);
  if (x1 > 145) {
    x2 = step(x2, x1);
    work();
  } else {
    count++;
  }
  work();
  for (int i147 = 0; i147 < x6; i147++)
    x7 = step(x7, i147);
  if ((x0 & 8) != 0)
    x1 = n + 148;
  switch (x3) {
  case 0:
    x4++;
    break;
  case 149:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x7 = (int)strlen(name) + 151;
  x8 = step(x8, 152);
  if (x0 > 153) {
    x1 = step(x1, x0);
    work();
  } else {
    count++;
  }
  work();
  for (int i155 = 0; i155 < x5; i155++)
    x6 = step(x6, i155);
  if ((x8 & 2) != 0)
    x0 = n + 156;
  switch (x2) {
  case 0:
    x3++;
    break;
  case 157:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x6 = (int)strlen(name) + 159;
  if (flag)
    free(p);
  return x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + count;
}

int leaks_correlated_far_apart_other_flag(int flag, int other, int n,
                                          const char *name) {
  char *p = NULL;
  int x0 = n, x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5, x6 = 6, x7 = 7, x8 = 8, count = 0;
  if (flag)
    p = malloc(64);
  x0 = step(x0, 0);
  if (x1 > 1) {
    x2 = step(x2, x1);
    work();
  } else {
    count++;
  }
  work();
  for (int i3 = 0; i3 < x6; i3++)
    x7 = step(x7, i3);
  if ((x0 & 16) != 0)
    x1 = n + 4;
  switch (x3) {
  case 0:
    x4++;
    break;
  case 5:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x7 = (int)strlen(name) + 7;
  x8 = step(x8, 8);
  if (x0 > 9) {
    x1 = step(x1, x0);
    work();
  } else {
    count++;
  }
  work();
  for (int i11 = 0; i11 < x5; i11++)
    x6 = step(x6, i11);
  if ((x8 & 4) != 0)
    x0 = n + 12;
  switch (x2) {
  case 0:
    x3++;
    break;
  case 13:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x6 = (int)strlen(name) + 15;
  x7 = step(x7, 16);
  if (x8 > 17) {
    x0 = step(x0, x8);
    work();
  } else {
    count++;
  }
  work();
  for (int i19 = 0; i19 < x4; i19++)
    x5 = step(x5, i19);
  if ((x7 & 1) != 0)
    x8 = n + 20;
  switch (x1) {
  case 0:
    x2++;
    break;
  case 21:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x5 = (int)strlen(name) + 23;
  x6 = step(x6, 24);
  if (x7 > 25) {
    x8 = step(x8, x7);
    work();
  } else {
    count++;
  }
  work();
  for (int i27 = 0; i27 < x3; i27++)
    x4 = step(x4, i27);
  if ((x6 & 8) != 0)
    x7 = n + 28;
  switch (x0) {
  case 0:
    x1++;
    break;
  case 29:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x4 = (int)strlen(name) + 31;
  x5 = step(x5, 32);
  if (x6 > 33) {
    x7 = step(x7, x6);
    work();
  } else {
    count++;
  }
  work();
  for (int i35 = 0; i35 < x2; i35++)
    x3 = step(x3, i35);
  if ((x5 & 2) != 0)
    x6 = n + 36;
  switch (x8) {
  case 0:
    x0++;
    break;
  case 37:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x3 = (int)strlen(name) + 39;
  x4 = step(x4, 40);
  if (x5 > 41) {
    x6 = step(x6, x5);
    work();
  } else {
    count++;
  }
  work();
  for (int i43 = 0; i43 < x1; i43++)
    x2 = step(x2, i43);
  if ((x4 & 16) != 0)
    x5 = n + 44;
  switch (x7) {
  case 0:
    x8++;
    break;
  case 45:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x2 = (int)strlen(name) + 47;
  x3 = step(x3, 48);
  if (x4 > 49) {
    x5 = step(x5, x4);
    work();
  } else {
    count++;
  }
  work();
  for (int i51 = 0; i51 < x0; i51++)
    x1 = step(x1, i51);
  if ((x3 & 4) != 0)
    x4 = n + 52;
  switch (x6) {
  case 0:
    x7++;
    break;
  case 53:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x1 = (int)strlen(name) + 55;
  x2 = step(x2, 56);
  if (x3 > 57) {
    x4 = step(x4, x3);
    work();
  } else {
    count++;
  }
  work();
  for (int i59 = 0; i59 < x8; i59++)
    x0 = step(x0, i59);
  if ((x2 & 1) != 0)
    x3 = n + 60;
  switch (x5) {
  case 0:
    x6++;
    break;
  case 61:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x0 = (int)strlen(name) + 63;
  x1 = step(x1, 64);
  if (x2 > 65) {
    x3 = step(x3, x2);
    work();
  } else {
    count++;
  }
  work();
  for (int i67 = 0; i67 < x7; i67++)
    x8 = step(x8, i67);
  if ((x1 & 8) != 0)
    x2 = n + 68;
  switch (x4) {
  case 0:
    x5++;
    break;
  case 69:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x8 = (int)strlen(name) + 71;
  x0 = step(x0, 72);
  if (x1 > 73) {
    x2 = step(x2, x1);
    work();
  } else {
    count++;
  }
  work();
  for (int i75 = 0; i75 < x6; i75++)
    x7 = step(x7, i75);
  if ((x0 & 2) != 0)
    x1 = n + 76;
  switch (x3) {
  case 0:
    x4++;
    break;
  case 77:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x7 = (int)strlen(name) + 79;
  x8 = step(x8, 80);
  if (x0 > 81) {
    x1 = step(x1, x0);
    work();
  } else {
    count++;
  }
  work();
  for (int i83 = 0; i83 < x5; i83++)
    x6 = step(x6, i83);
  if ((x8 & 16) != 0)
    x0 = n + 84;
  switch (x2) {
  case 0:
    x3++;
    break;
  case 85:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x6 = (int)strlen(name) + 87;
  x7 = step(x7, 88);
  if (x8 > 89) {
    x0 = step(x0, x8);
    work();
  } else {
    count++;
  }
  work();
  for (int i91 = 0; i91 < x4; i91++)
    x5 = step(x5, i91);
  if ((x7 & 4) != 0)
    x8 = n + 92;
  switch (x1) {
  case 0:
    x2++;
    break;
  case 93:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x5 = (int)strlen(name) + 95;
  x6 = step(x6, 96);
  if (x7 > 97) {
    x8 = step(x8, x7);
    work();
  } else {
    count++;
  }
  work();
  for (int i99 = 0; i99 < x3; i99++)
    x4 = step(x4, i99);
  if ((x6 & 1) != 0)
    x7 = n + 100;
  switch (x0) {
  case 0:
    x1++;
    break;
  case 101:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x4 = (int)strlen(name) + 103;
  x5 = step(x5, 104);
  if (x6 > 105) {
    x7 = step(x7, x6);
    work();
  } else {
    count++;
  }
  work();
  for (int i107 = 0; i107 < x2; i107++)
    x3 = step(x3, i107);
  if ((x5 & 8) != 0)
    x6 = n + 108;
  switch (x8) {
  case 0:
    x0++;
    break;
  case 109:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x3 = (int)strlen(name) + 111;
  x4 = step(x4, 112);
  if (x5 > 113) {
    x6 = step(x6, x5);
    work();
  } else {
    count++;
  }
  work();
  for (int i115 = 0; i115 < x1; i115++)
    x2 = step(x2, i115);
  if ((x4 & 2) != 0)
    x5 = n + 116;
  switch (x7) {
  case 0:
    x8++;
    break;
  case 117:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x2 = (int)strlen(name) + 119;
  x3 = step(x3, 120);
  if (x4 > 121) {
    x5 = step(x5, x4);
    work();
  } else {
    count++;
  }
  work();
  for (int i123 = 0; i123 < x0; i123++)
    x1 = step(x1, i123);
  if ((x3 & 16) != 0)
    x4 = n + 124;
  switch (x6) {
  case 0:
    x7++;
    break;
  case 125:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x1 = (int)strlen(name) + 127;
  x2 = step(x2, 128);
  if (x3 > 129) {
    x4 = step(x4, x3);
    work();
  } else {
    count++;
  }
  work();
  for (int i131 = 0; i131 < x8; i131++)
    x0 = step(x0, i131);
  if ((x2 & 4) != 0)
    x3 = n + 132;
  switch (x5) {
  case 0:
    x6++;
    break;
  case 133:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x0 = (int)strlen(name) + 135;
  x1 = step(x1, 136);
  if (x2 > 137) {
    x3 = step(x3, x2);
    work();
  } else {
    count++;
  }
  work();
  for (int i139 = 0; i139 < x7; i139++)
    x8 = step(x8, i139);
  if ((x1 & 1) != 0)
    x2 = n + 140;
  switch (x4) {
  case 0:
    x5++;
    break;
  case 141:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x8 = (int)strlen(name) + 143;
  x0 = step(x0, 144);
  if (x1 > 145) {
    x2 = step(x2, x1);
    work();
  } else {
    count++;
  }
  work();
  for (int i147 = 0; i147 < x6; i147++)
    x7 = step(x7, i147);
  if ((x0 & 8) != 0)
    x1 = n + 148;
  switch (x3) {
  case 0:
    x4++;
    break;
  case 149:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x7 = (int)strlen(name) + 151;
  x8 = step(x8, 152);
  if (x0 > 153) {
    x1 = step(x1, x0);
    work();
  } else {
    count++;
  }
  work();
  for (int i155 = 0; i155 < x5; i155++)
    x6 = step(x6, i155);
  if ((x8 & 2) != 0)
    x0 = n + 156;
  switch (x2) {
  case 0:
    x3++;
    break;
  case 157:
    count += 2;
    break;
  default:
    work();
  }
  if (!name[2])
    count--;
  x6 = (int)strlen(name) + 159;
  if (other)
    free(p);
  return x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + count;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: memory pointed to by 'p' is leaked when the function returns
}
