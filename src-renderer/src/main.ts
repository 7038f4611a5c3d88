document.title = '一窗通';
