// Every tokenizer kind by name: check the options asked for, train one,
// and write or read one in a model file with its kind in front.
#pragma once
#include <memory>

#include "tokenize/tokenizer.h"

namespace lmp {

// Throws invalid_input for an unknown kind or a vocabulary size out of its range.
void check_tokenizer_options(const TokenizerOptions& options);

// Learns a tokenizer of options.kind from the training text; throws
// invalid_input for an unknown kind or a vocabulary size it cannot have.
std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerOptions& options, const Corpus& train);

void write_tokenizer(const Tokenizer& tokenizer, ByteWriter& out);
// Throws corrupt_model for an unknown kind or a damaged payload.
std::unique_ptr<Tokenizer> read_tokenizer(ByteReader& in);

}  // namespace lmp
