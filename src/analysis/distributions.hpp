#pragma once

namespace analysis {

// Quantiles of the distributions that reliability intervals need (F for the ICC, Student's
// t for Gwet's intervals, beta for the exact binomial interval). Pure functions, any thread.
// Accurate to about 1e-12 relative; NaN for arguments outside the domain (p outside (0, 1),
// a non-positive shape or degree of freedom).

// Regularised incomplete beta function I_x(a, b), the beta distribution's CDF.
double regularizedBeta(double x, double a, double b);

// The p-quantile of the beta(a, b) distribution: the x with I_x(a, b) = p.
double betaQuantile(double p, double a, double b);

// The p-quantile of the F distribution with df1 and df2 degrees of freedom (not
// necessarily whole numbers: the ICC(A,.) interval uses Satterthwaite's df).
double fQuantile(double p, double df1, double df2);

// The p-quantile of Student's t distribution with df degrees of freedom.
double tQuantile(double p, double df);

} // namespace analysis
