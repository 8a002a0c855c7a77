// Shares and margins in the estimates JSON are plain decimal fractions (SPEC.md section 7), never 1.27E-1.
#include "daemon/quickcount/estimates_json.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <limits>

namespace json = boost::json;
using namespace smsgw;

namespace {

RatioEstimate ratio(double share, double m95, double m99 = 0) {
    RatioEstimate r;
    r.defined = true;
    r.share = share;
    r.margin95 = m95;
    r.margin99 = m99;
    return r;
}

}  // namespace

TEST_CASE("json_text writes doubles as the shortest plain decimal that reads back the same") {
    json::object o;
    o["share"] = 0.1273;
    o["margin95"] = 0.0021;
    o["tiny"] = 1e-7;
    o["lead"] = -0.05;
    o["whole"] = 1.0;
    o["third"] = 1.0 / 3;
    o["int"] = 42;
    o["none"] = nullptr;
    o["inf"] = std::numeric_limits<double>::infinity();
    o["name"] = "Партия \"Вперёд\"";
    o["list"] = json::array{0.5, json::object{{"x", 0.25}}, true};
    const std::string text = json_text(o);
    CHECK(text ==
          "{\"share\":0.1273,\"margin95\":0.0021,\"tiny\":0.0000001,\"lead\":-0.05,\"whole\":1,"
          "\"third\":0.3333333333333333,\"int\":42,\"none\":null,\"inf\":null,"
          "\"name\":\"Партия \\\"Вперёд\\\"\",\"list\":[0.5,{\"x\":0.25},true]}");
    // Nothing is lost: the text reads back as the same doubles.
    const json::value back = json::parse(text);
    CHECK(back.at("third").as_double() == 1.0 / 3);
    CHECK(back.at("share").as_double() == 0.1273);
    CHECK(back.at("name").as_string() == "Партия \"Вперёд\"");
}

TEST_CASE("smsgw estimate --json text: shares and margins as fractions like 0.1273") {
    ContestEstimate c;
    c.contest = "PL";
    c.name = "Party list";
    c.sampled = 8;
    c.reported = 3;
    c.options = {{"A", "Alpha", ratio(0.4954, 0.0123, 0.0162)}, {"B", "Beta", ratio(0.1273, 0.0087, 0.0115)}};
    c.turnout = ratio(0.6181, 0.0049);
    c.invalid = {};  // no data: null, never NaN
    c.has_lead = true;
    c.lead = {"A", "B", ratio(0.3681, 0.0201, 0.0265)};
    c.call = Call::undetermined;
    Estimates e;
    e.contests.push_back(c);
    CHECK(estimates_json(e) ==
          "{\"contests\":[{\"contest\":\"PL\",\"reported\":3,\"sampled\":8,\"options\":["
          "{\"tag\":\"A\",\"name\":\"Alpha\",\"share\":0.4954,\"margin95\":0.0123,\"margin99\":0.0162},"
          "{\"tag\":\"B\",\"name\":\"Beta\",\"share\":0.1273,\"margin95\":0.0087,\"margin99\":0.0115}],"
          "\"turnout\":{\"share\":0.6181,\"margin95\":0.0049},\"invalid\":{\"share\":null,\"margin95\":null},"
          "\"lead\":{\"a\":\"A\",\"b\":\"B\",\"share\":0.3681,\"margin95\":0.0201,\"margin99\":0.0265},"
          "\"call\":\"undetermined\",\"notes\":[]}]}");
}
