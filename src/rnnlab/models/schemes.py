"""The four RNN schemes of the lecture as small torch models, and the bag-of-words baseline.

The recurrent part is always a one-layer ``torch.nn.RNN`` (tanh), the lecture's
h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h); tokens enter as learned embeddings x_t (a table of E
numbers per word, trained with the rest). Token sequences are time-major ids (T, B).
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["Captioner", "Classifier", "BagOfWords", "Seq2Seq", "Tagger"]


class Captioner(nn.Module):
    """One to many: the image sets h_0, then the RNN reads its own previous word."""

    def __init__(self, F: int, V: int, H: int, E: int = 16):
        super().__init__()
        self.init_h = nn.Linear(F, H)
        self.embed = nn.Embedding(V, E)
        self.rnn = nn.RNN(E, H)
        self.head = nn.Linear(H, V)

    def forward(self, images, inputs):  # images (B, F), inputs (T, B) -> logits (T, B, V)
        h0 = torch.tanh(self.init_h(images))[None]  # (1, B, H)
        out, _ = self.rnn(self.embed(inputs), h0)  # (T, B, H)
        return self.head(out)

    @torch.no_grad()
    def generate(self, images, bos: int, eos: int, max_len: int):  # -> (max_len, B) ids
        h = torch.tanh(self.init_h(images))[None]
        token = torch.full((images.shape[0],), bos, dtype=torch.long)
        out = []
        for _ in range(max_len):
            step, h = self.rnn(self.embed(token)[None], h)  # (1, B, H): h_t of this step
            token = self.head(step[0]).argmax(-1)  # greedy: the most likely next word
            out.append(token)
        return torch.stack(out)


class Classifier(nn.Module):
    """Many to one: read the whole sentence, classify from the last real h_t."""

    def __init__(self, V: int, H: int, C: int, E: int = 16):
        super().__init__()
        self.embed = nn.Embedding(V, E, padding_idx=0)
        self.rnn = nn.RNN(E, H)
        self.head = nn.Linear(H, C)

    def forward(self, tokens, lengths):  # tokens (T, B), lengths (B,) -> logits (B, C)
        out, _ = self.rnn(self.embed(tokens))  # (T, B, H); padding comes after the end
        last = out[lengths - 1, torch.arange(tokens.shape[1])]  # (B, H): h at each end
        return self.head(last)


class BagOfWords(nn.Module):
    """The baseline: a linear classifier on word counts, blind to word order."""

    def __init__(self, V: int, C: int):
        super().__init__()
        self.V = V
        self.linear = nn.Linear(V, C)

    def forward(self, tokens, lengths):  # tokens (T, B) -> logits (B, C)
        counts = torch.nn.functional.one_hot(tokens, self.V).sum(0).float()  # (B, V)
        counts[:, 0] = 0.0  # padding is not a word
        return self.linear(counts)


class Seq2Seq(nn.Module):
    """Many to many, encoder-decoder: the encoder's last h_t starts the decoder.

    Two ``nn.RNN``: the decoder has weights of its own (notebook 03's U_xh, U_hh), and each word
    it writes is its next input (the true previous word while training: teacher forcing).
    """

    def __init__(self, Vs: int, Vt: int, H: int, E: int = 16):
        super().__init__()
        self.src_embed = nn.Embedding(Vs, E, padding_idx=0)
        self.encoder = nn.RNN(E, H)
        self.tgt_embed = nn.Embedding(Vt, E)
        self.decoder = nn.RNN(E, H)
        self.head = nn.Linear(H, Vt)

    def encode(self, src, src_len):  # -> (1, B, H), the sentence as one vector
        out, _ = self.encoder(self.src_embed(src))
        return out[src_len - 1, torch.arange(src.shape[1])][None]

    def forward(self, src, src_len, inputs):  # inputs (T, B) -> logits (T, B, Vt)
        out, _ = self.decoder(self.tgt_embed(inputs), self.encode(src, src_len))
        return self.head(out)

    @torch.no_grad()
    def generate(self, src, src_len, bos: int, max_len: int):  # -> (max_len, B) ids
        h = self.encode(src, src_len)
        token = torch.full((src.shape[1],), bos, dtype=torch.long)
        out = []
        for _ in range(max_len):
            step, h = self.decoder(self.tgt_embed(token)[None], h)  # (1, B, H)
            token = self.head(step[0]).argmax(-1)  # the word written is the next input
            out.append(token)
        return torch.stack(out)


class Tagger(nn.Module):
    """Many to many, synced: the logits s_t of one tag for every input x_t."""

    def __init__(self, V: int, H: int, K: int, E: int = 16):
        super().__init__()
        self.embed = nn.Embedding(V, E, padding_idx=0)
        self.rnn = nn.RNN(E, H)
        self.head = nn.Linear(H, K)

    def forward(self, tokens):  # (T, B) -> logits (T, B, K)
        out, _ = self.rnn(self.embed(tokens))
        return self.head(out)
