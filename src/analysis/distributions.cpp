#include "analysis/distributions.hpp"

#include <cmath>
#include <limits>

namespace analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8), evaluated with the
// modified Lentz method; converges quickly for x < (a + 1) / (a + b + 2).
double betaContinuedFraction(double x, double a, double b)
{
    constexpr double kTiny = 1e-300;
    constexpr double kEpsilon = 1e-16;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    if (std::fabs(d) < kTiny)
        d = kTiny;
    d = 1.0 / d;
    double f = d;
    for (int m = 1; m <= 100000; ++m) {
        double mm = static_cast<double>(m);
        // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
        double num = mm * (b - mm) * x / ((a + 2.0 * mm - 1.0) * (a + 2.0 * mm));
        d = 1.0 + num * d;
        c = 1.0 + num / c;
        if (std::fabs(d) < kTiny)
            d = kTiny;
        if (std::fabs(c) < kTiny)
            c = kTiny;
        d = 1.0 / d;
        f *= d * c;
        // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
        num = -(a + mm) * (a + b + mm) * x / ((a + 2.0 * mm) * (a + 2.0 * mm + 1.0));
        d = 1.0 + num * d;
        c = 1.0 + num / c;
        if (std::fabs(d) < kTiny)
            d = kTiny;
        if (std::fabs(c) < kTiny)
            c = kTiny;
        d = 1.0 / d;
        double delta = d * c;
        f *= delta;
        if (std::fabs(delta - 1.0) < kEpsilon)
            break;
    }
    return f;
}

double logBeta(double a, double b)
{
    return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

// Solves I_x(a, b) = p for x by bisection on [0, 1]: slow-ish (about 60 evaluations)
// but it cannot diverge, and intervals are computed a handful of times per command.
double bisectBeta(double p, double a, double b)
{
    double lo = 0.0, hi = 1.0;
    for (int i = 0; i < 200; ++i) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (regularizedBeta(mid, a, b) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

// The quantile x and its complement 1 - x, each solved directly where it is the smaller
// one, so that neither loses digits to cancellation (F and t need both).
void betaQuantilePair(double p, double a, double b, double& x, double& complement)
{
    x = bisectBeta(p, a, b);
    complement = 1.0 - x;
    if (x > 0.5) {
        // 1 - X follows beta(b, a): solve for the small complement instead.
        complement = bisectBeta(1.0 - p, b, a);
        x = 1.0 - complement;
    }
}

bool validProbability(double p) { return p > 0.0 && p < 1.0; }

} // namespace

double regularizedBeta(double x, double a, double b)
{
    if (!(a > 0.0) || !(b > 0.0) || std::isnan(x))
        return kNaN;
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double front = std::exp(a * std::log(x) + b * std::log1p(-x) - logBeta(a, b));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * betaContinuedFraction(x, a, b) / a;
    // Symmetry I_x(a, b) = 1 - I_{1-x}(b, a), where the fraction converges.
    return 1.0 - front * betaContinuedFraction(1.0 - x, b, a) / b;
}

double betaQuantile(double p, double a, double b)
{
    if (!validProbability(p) || !(a > 0.0) || !(b > 0.0))
        return kNaN;
    double x = 0, complement = 0;
    betaQuantilePair(p, a, b, x, complement);
    return x;
}

double fQuantile(double p, double df1, double df2)
{
    if (!validProbability(p) || !(df1 > 0.0) || !(df2 > 0.0))
        return kNaN;
    // X = df1 F / (df1 F + df2) follows beta(df1/2, df2/2), so F = df2 X / (df1 (1 - X)).
    double x = 0, complement = 0;
    betaQuantilePair(p, df1 / 2.0, df2 / 2.0, x, complement);
    return df2 * x / (df1 * complement);
}

double tQuantile(double p, double df)
{
    if (!validProbability(p) || !(df > 0.0))
        return kNaN;
    if (p == 0.5)
        return 0.0;
    // P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2).
    double tail = p > 0.5 ? 2.0 * (1.0 - p) : 2.0 * p;
    double x = 0, complement = 0;
    betaQuantilePair(tail, df / 2.0, 0.5, x, complement);
    double t = std::sqrt(df * complement / x);
    return p > 0.5 ? t : -t;
}

} // namespace analysis
