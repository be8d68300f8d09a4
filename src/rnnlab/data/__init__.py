"""Data: text and vocabularies, corpora, and the synthetic tasks the notebooks train on.

Sequences are time-major: xs (T, B, D), targets (T, B) or (B,).
"""

from rnnlab.data.corpora import CORPORA as CORPORA
from rnnlab.data.corpora import HELLO as HELLO
from rnnlab.data.corpora import CorpusUnavailableError as CorpusUnavailableError
from rnnlab.data.corpora import cache_dir as cache_dir
from rnnlab.data.corpora import corpus_path as corpus_path
from rnnlab.data.corpora import load_corpus as load_corpus
from rnnlab.data.memory_tasks import adding_problem as adding_problem
from rnnlab.data.memory_tasks import copy_task as copy_task
from rnnlab.data.schemes import caption_data as caption_data
from rnnlab.data.schemes import sentiment_data as sentiment_data
from rnnlab.data.schemes import tagging_data as tagging_data
from rnnlab.data.schemes import translation_data as translation_data
from rnnlab.data.sequences import pack_sequences as pack_sequences
from rnnlab.data.sequences import pad_sequences as pad_sequences
from rnnlab.data.sequences import unpack_sequences as unpack_sequences
from rnnlab.data.text import Vocab as Vocab
from rnnlab.data.text import num_windows as num_windows
from rnnlab.data.text import one_hot as one_hot
from rnnlab.data.text import split_text as split_text
from rnnlab.data.text import tbptt_windows as tbptt_windows
