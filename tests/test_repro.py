import random

import numpy as np
import pytest
import torch

from rnnlab.repro import seed_everything


def draw(seed):
    rng = seed_everything(seed)
    legacy = np.random.rand()  # noqa: NPY002 (the legacy global state is what is tested)
    return random.random(), legacy, torch.rand(1).item(), rng.random()


def test_same_seed_same_numbers_everywhere():
    assert draw(3) == draw(3)
    assert draw(3) != draw(4)


def test_sets_print_precision():
    seed_everything(0, precision=3)
    assert np.get_printoptions()["precision"] == 3
    assert repr(np.array([1 / 3])) == "array([0.333])"


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_rejects_bad_seed(seed):
    with pytest.raises(ValueError, match="seed must be an int >= 0"):
        seed_everything(seed)


def test_one_thread_holds_blas_and_torch_to_one_thread_inside_the_block_only():
    import torch
    from threadpoolctl import threadpool_info

    from rnnlab.repro import one_thread

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before_blas, before_torch = blas_threads(), torch.get_num_threads()

    @one_thread()
    def inside() -> tuple[list[int], int]:
        return blas_threads(), torch.get_num_threads()

    blas, torch_threads = inside()
    assert set(blas) <= {1} and torch_threads == 1
    assert blas_threads() == before_blas and torch.get_num_threads() == before_torch
