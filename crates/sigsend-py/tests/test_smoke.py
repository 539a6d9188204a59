def test_import():
    import sigsend
    assert sigsend.kill
