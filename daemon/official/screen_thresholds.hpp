// The anomaly screens' thresholds in one table, with their defaults: what verify's options set.
#pragma once

#include <span>

namespace smsgw::official {

struct ScreenThresholds {
    double turnout_high = 0.90;       // turnout_high: a station's turnout above this (fraction)
    double robust_z = 4.5;            // invalid_outlier, share_outlier: |robust z| above this
    double min_group = 8;             // ... computed only in strata with at least this many stations
    double round_step = 5;            // round_turnout: turnout exactly a multiple of this many percent
    double round_min = 0.70;          // ... and at least this high (a rounded-up turnout is a high one)
    double identical_min_cast = 50;   // identical_results: only stations with at least this many ballots
};

struct ThresholdRow {
    const char* option;  // the command-line option of smsgw verify, without "--"
    double ScreenThresholds::*field;
    const char* help;
    double min, max;  // what the option accepts
};

// Every threshold, in the order `smsgw verify --help` lists them.
std::span<const ThresholdRow> threshold_rows();

}  // namespace smsgw::official
