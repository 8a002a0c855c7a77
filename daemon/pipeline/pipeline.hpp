// The ingest pipeline on the event-loop thread: parts -> store -> link -> parse -> validate -> report -> count -> reply.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/clock/clock.hpp"
#include "daemon/codebook_io/codebook_in_use.hpp"
#include "daemon/config/config.hpp"
#include "daemon/ingest/multipart_linker.hpp"
#include "daemon/modem/modem_types.hpp"
#include "daemon/pipeline/outbox.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/pipeline/report_policy.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smsgw {

struct PipelineOptions {
    ReplyPolicy reply_policy = ReplyPolicy::all;
    UnregisteredReplies reply_unregistered = UnregisteredReplies::country;
    int replies_per_sender_per_hour = 10;
    std::vector<std::string> own_numbers;  // E.164 or as configured; never replied to
    std::chrono::seconds multipart_timeout{600};
    store::RetryPolicy retry;
};

// What became of one message, for the console and tests.
struct MessageOutcome {
    std::int64_t message_id = 0;
    std::string modem;
    std::string sender;
    std::string text;
    // As the reply tells it: a conflict is `rejected` (CONFLICT) here, while its stored report keeps
    // the validator's status, since an operator may yet resolve the conflict in its favour.
    Status status = Status::rejected;
    // What the report policy decided, or error: the message could not be processed and stays
    // pending until the next resume().
    Disposition disposition = Disposition::error;
    std::optional<Code> first_code;  // first error (or warning) code, none when clean
    std::string first_detail;
    std::string reference;       // "#4F2A"
    std::optional<std::int64_t> reply_id;  // queued reply, if any
    std::string reply_skipped;   // why no reply: "alphanumeric sender", "rate limit", "policy", ...
    bool incomplete = false;     // multipart released after the timeout or malformed
};

// A report read to an operator over the phone (smsgw review ... verify --set): the text as a
// monitor would have sent it, from the phone of the monitor it is entered for.
struct PhoneEntry {
    std::string text;
    std::string sender;         // the station's monitor's phone, whose report this becomes
    std::string operator_name;  // who took the call
};

class Pipeline {
public:

    // The store, aggregator and codebook outlive the pipeline. `clock` is injected so multipart
    // timeouts and rate limits are tested instantly.
    Pipeline(store::Store& store, QuickCount& quick_count, CodebookInUse codebook, PipelineOptions options,
             WallClock clock);

    // At start-up, before any modem starts: rebuild the aggregator from the current reports,
    // rebuild the multipart linker from unlinked parts, process stored-but-unprocessed messages
    // and expired groups, put replies interrupted mid-send back in the queue.
    store::Result<std::vector<MessageOutcome>> resume();

    // One poll's parts from a modem, in ONE transaction: parts stored under their idempotency
    // keys, messages they complete recorded, parsed, validated, reported and replies queued. The
    // returned ack says committed=true only after that transaction committed; on any store
    // error it says committed=false (the modem keeps the parts and offers them again), the
    // linker is rebuilt from the store and the aggregator is untouched.
    struct IngestResult {
        BatchAck ack;
        std::vector<MessageOutcome> outcomes;
        std::optional<store::StoreError> error;
    };
    IngestResult ingest(const ReceivedBatch& batch);

    // Releases multipart groups whose timeout passed (processed flagged incomplete).
    store::Result<std::vector<MessageOutcome>> expire_multipart();
    std::optional<SystemTime> next_multipart_deadline() const;

    // Runs inside an operator's transaction after its change, so the change and its audit row
    // commit together or not at all.
    using InTransaction = std::function<store::Result<void>(store::Transaction&)>;

    // Operator resolution of a conflict: the report with this id becomes the station's counted one.
    // What resolve() made of a request: done, refused (no conflict can be settled with that
    // report), or the store failed; `message` says why not, for the operator.
    struct ResolveOutcome {
        enum class Kind : std::uint8_t { resolved, not_current, incident, store_failed };
        Kind kind = Kind::resolved;
        std::string message;
        bool ok() const { return kind == Kind::resolved; }
        explicit operator bool() const { return ok(); }
    };
    [[nodiscard]] ResolveOutcome resolve(std::int64_t report_id, const InTransaction& also = {});

    // A report entered by phone becomes a new version with channel `phone`, through the same
    // parsing, validation and duplicate/correction policy as an SMS, but no reply (the monitor was
    // on the line). What became of it: recorded (`also` got the stored version in the same
    // transaction); unchanged, when the station's current version already says the same (the
    // outcome's disposition is then `duplicate`, nothing is written and `also` is not called); refused,
    // when the validator rejects it or it would put the station in conflict; or the store failed.
    // Only `recorded` writes anything; `message` says why not, for the operator.
    struct PhoneOutcome {
        enum class Kind : std::uint8_t { recorded, unchanged, conflict, rejected, store_failed };
        Kind kind = Kind::recorded;
        MessageOutcome outcome;  // recorded: what the pipeline made of the entry
        std::string message;
        bool ok() const { return kind == Kind::recorded || kind == Kind::unchanged; }
        explicit operator bool() const { return ok(); }
    };
    using PhoneHook = std::function<store::Result<void>(store::Transaction&, const store::StoredReport&)>;
    [[nodiscard]] PhoneOutcome record_phone_report(const PhoneEntry& entry, const PhoneHook& also);

    // The aggregator rebuilt from the stored current reports (after `smsgw resolve` changed them
    // from outside, on SIGHUP).
    store::Result<void> rebuild_count();

    // SIGHUP: later messages are checked against the new codebook; stored reports keep theirs.
    void set_codebook(CodebookInUse codebook);
    const CodebookInUse& codebook() const { return codebook_; }

    // SIGHUP with a changed config: later messages follow the new reply policy, rate limit and own
    // numbers. A new multipart timeout rebuilds the linker from the store's unlinked parts, so
    // waiting groups are measured against it at once.
    void set_options(PipelineOptions options);
    const PipelineOptions& options() const { return options_; }

    // Results that changed the count since this pipeline was made: counted (new or corrected) or
    // withdrawn. Rebuilds from the store (resume, SIGHUP) are not changes. The takes follow it.
    std::uint64_t count_updates() const { return count_updates_; }

private:
    // A change to the aggregator, applied only after the transaction that decided it committed.
    struct CountUpdate {
        bool withdraw = false;
        std::uint32_t station = 0;
        std::string form;
        std::vector<TagValue> values;
    };
    using Updates = std::vector<CountUpdate>;
    // One message's outcome; `done` false leaves it pending (its processing threw).
    struct Processed {
        MessageOutcome outcome;
        bool done = true;
    };

    // pipeline.cpp: transactions, the linker's life cycle, the aggregator.
    store::Result<void> restore_linker();
    store::Result<std::vector<MessageOutcome>> process_released(std::vector<ingest::AssembledMessage> released);
    void apply(const Updates& updates);

    // process_message.cpp: one message, top to bottom.
    store::Result<MessageOutcome> record_and_process(store::Transaction& tx, const ingest::AssembledMessage& m,
                                                     Updates& updates, const PhoneEntry* phone = nullptr);
    store::Result<Processed> process(store::Transaction& tx, std::int64_t message_id, const ingest::AssembledMessage& m,
                                     Updates& updates, const PhoneEntry* phone = nullptr);
    store::Result<std::optional<std::int64_t>> queue_reply(store::Transaction& tx, MessageOutcome& o,
                                                            const std::optional<std::string>& e164,
                                                            const std::string& text, std::int64_t report_id,
                                                            bool unregistered);
    bool is_own_number(const std::optional<std::string>& e164, const std::string& raw) const;
    bool same_phone(const std::string& stored_raw, const std::string& raw, const std::optional<std::string>& e164) const;
    void normalize_own_numbers();

    store::Store& store_;
    QuickCount& quick_count_;
    CodebookInUse codebook_;
    PipelineOptions options_;
    WallClock clock_;
    ingest::MultipartLinker linker_;
    // After a failed transaction the linker may hold parts that were rolled back (and whose ids
    // SQLite will hand out again): it is rebuilt from the store before it is used again, and
    // nothing is ingested while that rebuild fails.
    bool linker_stale_ = false;
    std::vector<ingest::AssembledMessage> restored_;  // found complete by a rebuild, not yet recorded
    std::vector<std::string> own_e164_;                // options_.own_numbers by the codebook's phone rules
    std::uint64_t count_updates_ = 0;
    CountDecisions decisions_;  // the operators' standing decisions, as the last rebuild read them
};

}  // namespace smsgw
